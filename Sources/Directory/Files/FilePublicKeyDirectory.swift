// SPDX-License-Identifier: Apache-2.0

public import SSHKeys
import Foundation

/// Public keys from a folder of files, for hosts without (or besides) LDAP.
///
/// Two layouts are read, in this order, and their keys concatenated:
/// - `<user>_id_rsa.pub`: crtauth's `FileKeyProvider` layout (one OpenSSH line);
/// - `<user>_authorized_keys`: OpenSSH authorized_keys format (options, comments,
///   one key per line).
///
/// A user is known when either file exists. Unparsable lines are skipped and reported
/// through `onSkippedKey`; usernames with `/`, a leading `.` or NUL are unknown.
public struct FilePublicKeyDirectory: PublicKeyDirectory {
    /// The folder holding the key files.
    public var folder: String
    /// Called for each key line that cannot be used (malformed, RSA under 2048 bits, …).
    public var onSkippedKey: @Sendable (_ username: String, _ error: SSHKeyError) -> Void

    /// Creates a provider reading `folder`.
    /// - Parameters:
    ///   - folder: The folder of `<user>_id_rsa.pub` and `<user>_authorized_keys` files.
    ///   - onSkippedKey: Receives the lines that were skipped, for logging.
    public init(folder: String, onSkippedKey: @escaping @Sendable (String, SSHKeyError) -> Void = { _, _ in }) {
        self.folder = folder
        self.onSkippedKey = onSkippedKey
    }

    public func publicKeys(forUser username: String) async throws -> [SSHPublicKey]? {
        guard Self.isSafeFileName(username) else { return nil }
        var found = false
        var keys: [SSHPublicKey] = []
        for suffix in ["_id_rsa.pub", "_authorized_keys"] {
            let path = (folder as NSString).appendingPathComponent(username + suffix)
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            found = true
            let parsed = SSHPublicKey.parseMany(String(decoding: data, as: UTF8.self))
            keys += parsed.keys
            for error in parsed.errors { onSkippedKey(username, error) }
        }
        return found ? keys : nil
    }

    /// A username that cannot name another file: no `/`, no NUL, not starting with `.`.
    static func isSafeFileName(_ username: String) -> Bool {
        !username.isEmpty && username.utf8.count <= 255 && !username.hasPrefix(".")
            && !username.contains("/") && !username.contains("\0")
    }
}
