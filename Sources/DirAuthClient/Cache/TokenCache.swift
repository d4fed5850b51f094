// SPDX-License-Identifier: Apache-2.0
// Tokens cached on disk, one file per (origin, user), under the XDG Base Directory
// Specification's cache directory: "$XDG_CACHE_HOME defines the base directory relative to
// which user-specific non-essential data files should be stored. If $XDG_CACHE_HOME is either
// not set or empty, a default equal to $HOME/.cache should be used."

public import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Tokens on disk under `$XDG_CACHE_HOME/dirauth/` (default `~/.cache/dirauth/`).
///
/// Each (origin, user) pair has one JSON file with mode 0600 in a 0700 directory; a file
/// that others can read is ignored and removed. Writes go to a temporary file that is renamed
/// into place, so readers never see half a token.
public struct TokenCache: Sendable {
    /// Seconds a token must still be valid to be reused: covers clock skew and travel time.
    public static let defaultMargin: TimeInterval = 5

    /// The folder holding the token files.
    public let directory: URL

    /// A cache in `directory`.
    /// - Parameter directory: The folder; created (mode 0700) on the first store.
    public init(directory: URL) {
        self.directory = directory
    }

    /// The standard cache: `$XDG_CACHE_HOME/dirauth`, else `$HOME/.cache/dirauth`.
    /// - Parameter environment: The environment variables to read.
    /// - Throws: ``DirAuthClientError/Code/invalidArgument`` when neither variable is set.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TokenCache {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return TokenCache(directory: URL(fileURLWithPath: xdg).appendingPathComponent("dirauth"))
        }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw DirAuthClientError.invalidArgument("cannot place the token cache: neither XDG_CACHE_HOME nor HOME is set")
        }
        return TokenCache(directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/dirauth"))
    }

    /// The file for `(origin, username)`: every byte outside `[A-Za-z0-9.-]` is written as `_XX`
    /// (hex), so names are unambiguous, e.g. `http_3A_2F_2Flocalhost_3A8080_40alice.json`.
    /// - Parameters:
    ///   - origin: The origin, e.g. `http://localhost:8080`.
    ///   - username: The user.
    public func fileURL(origin: String, username: String) -> URL {
        directory.appendingPathComponent(Self.escape(origin + "@" + username) + ".json")
    }

    /// The cached session, if there is one that is still valid at `now` with `margin` to spare.
    /// - Parameters:
    ///   - origin: The origin.
    ///   - username: The user.
    ///   - now: The current time.
    ///   - margin: Seconds the token must still be valid for.
    /// - Returns: The session, or `nil` (missing, expired, unreadable, or readable by others).
    public func load(origin: String, username: String, now: Date, margin: TimeInterval = defaultMargin) -> DirAuthSession? {
        let url = fileURL(origin: origin, username: username)
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        guard info.st_mode & 0o077 == 0, info.st_uid == getuid() else {
            // Someone loosened the permissions, or it is not ours: do not trust it.
            try? FileManager.default.removeItem(at: url)
            return nil
        }
        guard let data = try? Data(contentsOf: url),
            let session = try? Self.decoder.decode(DirAuthSession.self, from: data),
            session.origin == origin, session.username == username,
            session.isValid(at: now, margin: margin)
        else { return nil }
        return session
    }

    /// Stores `session`, replacing any earlier token of the same origin and user.
    /// - Parameter session: The session.
    /// - Throws: ``DirAuthClientError/Code/cacheFailed`` when the folder or file cannot be written.
    public func store(_ session: DirAuthSession) throws {
        try makeDirectory()
        let target = fileURL(origin: session.origin, username: session.username)
        let temporary = directory.appendingPathComponent(".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let data: Data
        do {
            data = try Self.encoder.encode(session)
        } catch {
            throw DirAuthClientError.cacheFailed("cannot encode the token for the cache: \(error)")
        }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw DirAuthClientError.cacheFailed("cannot create \(temporary.path): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, base + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return -1
                }
                offset += n
            }
            return offset
        }
        // The umask may have taken bits away; it can never have added any, but be explicit.
        let chmodResult = fchmod(fd, 0o600)
        close(fd)
        guard written == data.count, chmodResult == 0, rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw DirAuthClientError.cacheFailed("cannot write \(target.path): \(reason)")
        }
    }

    /// Forgets the token of `(origin, username)` (e.g. after the server answered 401).
    /// - Parameters:
    ///   - origin: The origin.
    ///   - username: The user.
    public func remove(origin: String, username: String) {
        unlink(fileURL(origin: origin, username: username).path)
    }

    private func makeDirectory() throws {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw DirAuthClientError.cacheFailed("cannot create the token cache \(directory.path): \(error.localizedDescription)")
        }
    }

    static func escape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "_"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        // A name starting with "." would be hidden, and ".."/"." are special: escape a leading dot.
        if out.first == UInt8(ascii: ".") {
            out.replaceSubrange(0..<1, with: [UInt8(ascii: "_"), UInt8(ascii: "2"), UInt8(ascii: "E")])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
