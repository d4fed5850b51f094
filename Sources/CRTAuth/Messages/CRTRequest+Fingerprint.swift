// SPDX-License-Identifier: Apache-2.0
// OpenSSH's fingerprint text form: "SHA256:" + base64 (standard alphabet, no padding) of
// SHA-256(public key blob). The request extension carries the 32 digest bytes.

extension CRTRequest {
    /// The 32 digest bytes behind an OpenSSH `SHA256:…` fingerprint.
    /// - Parameter openSSHFingerprint: e.g. `SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s`.
    /// - Returns: the SHA-256 digest.
    /// - Throws: ``CRTAuthError/malformed(_:)`` without the `SHA256:` prefix or when not 32 bytes of base64.
    public static func sha256Digest(openSSHFingerprint: String) throws -> [UInt8] {
        guard openSSHFingerprint.hasPrefix("SHA256:") else {
            throw CRTAuthError.malformed("fingerprint does not start with SHA256:")
        }
        let body = String(openSSHFingerprint.dropFirst("SHA256:".count))
        guard body.utf8.count == 43 || body.utf8.count == 44,
            body.utf8.allSatisfy({ c in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "/")
                    || c == UInt8(ascii: "=")
            })
        else {
            throw CRTAuthError.malformed("fingerprint is not 32 bytes of base64")
        }
        let digest = try Base64URL.decode(body)
        guard digest.count == 32 else {
            throw CRTAuthError.malformed("fingerprint is not 32 bytes")
        }
        return digest
    }

    /// The OpenSSH `SHA256:…` text of ``keyFingerprint``, if any.
    public var openSSHKeyFingerprint: String? {
        guard let keyFingerprint else { return nil }
        let standard = Base64URL.encode(keyFingerprint).map { c -> Character in
            switch c {
            case "-": "+"
            case "_": "/"
            default: c
            }
        }
        return "SHA256:" + String(standard)
    }
}
