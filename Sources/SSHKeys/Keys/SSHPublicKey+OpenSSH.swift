// SPDX-License-Identifier: Apache-2.0

// OpenSSH's text form of public keys: `id_*.pub` files, authorized_keys lines and
// multi-line values (e.g. an LDAP `sshPublicKey` attribute holding several lines).
import Foundation

// sshd(8) AUTHORIZED_KEYS FILE FORMAT:
//   Each line of the file contains one key (empty lines and lines starting with a '#'
//   are ignored as comments).  Public keys consist of the following space-separated
//   fields: options, keytype, base64-encoded key, comment.  The options field is
//   optional. […] The options (if present) consist of comma-separated option
//   specifications.  No spaces are permitted, except within double quotes. […]
//   Note that lines in this file can be several hundred bytes long […].
extension SSHPublicKey {
    /// Parses one OpenSSH public-key line: `[options] keytype base64 [comment]`.
    ///
    /// The options field of authorized_keys lines is skipped, including quoted values
    /// with spaces and commas (`command="echo a b",no-pty ssh-ed25519 AAAA… c`). The type
    /// named in the line must match the type inside the blob.
    ///
    /// - Parameter openSSHLine: One line, without its line break (surrounding whitespace
    ///   and a trailing `\r` are ignored).
    /// - Throws: ``SSHKeyError`` — `unsupportedKeyType` naming the type for keys such as
    ///   `ssh-dss` or certificates, `rsaKeyTooSmall` naming the bit count, `malformed`
    ///   for anything else (bad base64, truncated blob, type mismatch, empty line…).
    public init(openSSHLine: String) throws {
        var rest = Substring(openSSHLine).trimmingWhitespace()
        guard let first = try Self.nextField(&rest) else {
            throw SSHKeyError.malformed("empty key line")
        }
        let typeName: Substring
        let encoded: Substring
        if SSHKeyType(rawValue: String(first)) != nil || Self.looksLikeBlob(Self.peekField(rest)) {
            // keytype base64 [comment]
            typeName = first
            guard let field = try Self.nextField(&rest) else {
                throw SSHKeyError.malformed("key line has a type (\(Self.printable(first))) but no base64 key")
            }
            encoded = field
        } else {
            // options keytype base64 [comment]
            guard let second = try Self.nextField(&rest) else {
                throw SSHKeyError.malformed("key line has a single field \(Self.printable(first))")
            }
            guard let field = try Self.nextField(&rest) else {
                throw SSHKeyError.malformed("key line has no base64 key after \(Self.printable(second))")
            }
            typeName = second
            encoded = field
        }
        guard let lineType = SSHKeyType(rawValue: String(typeName)) else {
            guard Self.looksLikeBlob(encoded) else {
                throw SSHKeyError.malformed("not an OpenSSH key line (no key type followed by a base64 key)")
            }
            throw SSHKeyError.unsupportedKeyType("unsupported key type \(Self.printable(typeName)) (supported: \(Self.supportedNames))")
        }
        guard let decoded = Data(base64Encoded: String(encoded)) else {
            throw SSHKeyError.malformed("the key field of a \(lineType.rawValue) line is not valid base64")
        }
        let comment = rest.trimmingWhitespace()
        try self.init(blob: Array(decoded), comment: comment.isEmpty ? nil : String(comment))
        guard type == lineType else {
            throw SSHKeyError.malformed("key line says \(lineType.rawValue) but its blob holds an \(type.rawValue) key")
        }
    }

    /// Parses every key of an authorized_keys-style text: one key per line, blank lines
    /// and lines starting with `#` skipped, `\n` or `\r\n` line breaks.
    ///
    /// Lines that fail to parse do not stop the others; their errors come back in line
    /// order with the line number in the diagnostic.
    /// - Parameter text: The file contents or multi-line value.
    /// - Returns: The keys that parsed, and one error per line that did not.
    public static func parseMany(_ text: String) -> (keys: [SSHPublicKey], errors: [SSHKeyError]) {
        var keys: [SSHPublicKey] = []
        var errors: [SSHKeyError] = []
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            do {
                keys.append(try SSHPublicKey(openSSHLine: String(line)))
            } catch let error as SSHKeyError {
                errors.append(error.withContext("line \(index + 1)"))
            } catch {
                errors.append(.malformed("line \(index + 1): \(error)"))
            }
        }
        return (keys, errors)
    }

    /// The key as an OpenSSH line, `type base64 [comment]` (no options, no line break).
    public var openSSHLine: String {
        let encoded = Data(blob).base64EncodedString()
        if let comment, !comment.isEmpty {
            return "\(type.rawValue) \(encoded) \(comment)"
        }
        return "\(type.rawValue) \(encoded)"
    }

    // MARK: - Field scanning

    /// Removes and returns the next whitespace-separated field of `rest`. Double quotes
    /// group spaces (as in `command="a b"`), and inside quotes `\"` is a literal quote,
    /// as in OpenSSH's `auth_parse_options`.
    /// - Throws: ``SSHKeyError/malformed(_:)`` for an unterminated quote.
    static func nextField(_ rest: inout Substring) throws -> Substring? {
        let trimmed = rest.drop(while: { $0 == " " || $0 == "\t" })
        guard !trimmed.isEmpty else {
            rest = trimmed
            return nil
        }
        var inQuotes = false
        var escaped = false
        var index = trimmed.startIndex
        while index < trimmed.endIndex {
            let character = trimmed[index]
            if inQuotes {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    inQuotes = false
                }
            } else if character == "\"" {
                inQuotes = true
            } else if character == " " || character == "\t" {
                break
            }
            index = trimmed.index(after: index)
        }
        guard !inQuotes else {
            throw SSHKeyError.malformed("unterminated double quote in the key line's options")
        }
        rest = trimmed[index...]
        return trimmed[trimmed.startIndex..<index]
    }

    /// The next field of `rest` without consuming it (`nil` at the end or on bad quoting).
    private static func peekField(_ rest: Substring) -> Substring? {
        var copy = rest
        return (try? nextField(&copy)) ?? nil
    }

    /// Whether a field looks like a base64 key blob: every blob starts with a uint32
    /// length under 2^24, i.e. `AAAA`.
    private static func looksLikeBlob(_ field: Substring?) -> Bool {
        guard let field else { return false }
        return field.hasPrefix("AAAA")
    }
}

extension SSHKeyError {
    /// The same error with `context` (e.g. `"line 3"`) put before the diagnostic.
    func withContext(_ context: String) -> SSHKeyError {
        switch code {
        case .unsupportedKeyType: .unsupportedKeyType("\(context): \(diagnostic)")
        case .rsaKeyTooSmall: .rsaKeyTooSmall("\(context): \(diagnostic)")
        case .unsupportedSignatureAlgorithm: .unsupportedSignatureAlgorithm("\(context): \(diagnostic)")
        default: .malformed("\(context): \(diagnostic)")
        }
    }
}

extension Substring {
    /// The text without leading and trailing Unicode white space (`White_Space`: the same set as
    /// Foundation's `whitespacesAndNewlines`), found without bridging to `NSString`: it runs for
    /// every key line read from the directory.
    func trimmingWhitespace() -> Substring {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return self[endIndex...] }
        return Substring(scalars[first...last])
    }
}
