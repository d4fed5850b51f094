// SPDX-License-Identifier: Apache-2.0

/// The shared secret (seed) of an HOTP/TOTP generator: raw key bytes for HMAC.
///
/// The secret never appears in `description`, `debugDescription` or reflection (`dump`):
/// all print `OTPSecret(redacted)`. Use ``base32`` deliberately when the seed must be shown
/// (on creation or rotation). Equality compares in constant time.
public struct OTPSecret: Sendable, Hashable {
    /// The HMAC key.
    public var bytes: [UInt8]

    /// Wraps raw key bytes (as stored in the directory).
    ///
    /// - Parameters:
    ///   - bytes: The HMAC key.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Decodes a base32 seed the way pyotp does: case-insensitive, optional `=` padding, any
    /// length including ungleich-otp's legacy 16-character (80-bit) seeds. No whitespace or
    /// hyphens (see ``Base32``).
    ///
    /// - Parameters:
    ///   - base32: The seed text, e.g. `PZKBPTHDGSLZBKIZ` or `jbswy3dpehpk3pxp`.
    /// - Throws: ``OTPError/invalidBase32(_:)`` for malformed text, ``OTPError/emptySecret(_:)`` when
    ///   it decodes to no bytes.
    public init(base32: String) throws(OTPError) {
        let decoded = try Base32.decode(base32)
        guard !decoded.isEmpty else { throw .emptySecret("the seed decodes to zero bytes") }
        self.bytes = decoded
    }

    /// The seed as uppercase base32 without padding (32 characters for 160 bits).
    public var base32: String { Base32.encode(bytes) }

    /// A new secret from a random number generator.
    ///
    /// - Parameters:
    ///   - byteCount: Key length in bytes; 20 (160 bits, RFC 4226 §4 R6's recommendation) by
    ///     default. Values below 1 produce one byte.
    ///   - generator: The source of randomness; pass a cryptographically secure one
    ///     (`SystemRandomNumberGenerator`) outside tests.
    /// - Returns: The secret.
    public static func random(byteCount: Int = 20, using generator: inout some RandomNumberGenerator) -> OTPSecret {
        var bytes: [UInt8] = []
        let count = max(1, byteCount)
        bytes.reserveCapacity(count)
        for _ in 0..<count {
            bytes.append(generator.next())
        }
        return OTPSecret(bytes: bytes)
    }

    /// A new 160-bit secret from the system's CSPRNG (`SystemRandomNumberGenerator`).
    ///
    /// - Returns: The secret; its ``base32`` form has 32 characters.
    public static func random() -> OTPSecret {
        var generator = SystemRandomNumberGenerator()
        return random(byteCount: 20, using: &generator)
    }

    /// Compares the key bytes in constant time for equal lengths.
    ///
    /// - Parameters:
    ///   - lhs: One secret.
    ///   - rhs: The other secret.
    public static func == (lhs: OTPSecret, rhs: OTPSecret) -> Bool {
        ConstantTime.equal(lhs.bytes, rhs.bytes)
    }

    /// Feeds the key bytes to the hasher.
    ///
    /// - Parameters:
    ///   - hasher: The hasher to feed.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
    }
}

extension OTPSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// Always `OTPSecret(redacted)`: secrets never reach a log line by accident.
    public var description: String { "OTPSecret(redacted)" }

    /// Always `OTPSecret(redacted)`.
    public var debugDescription: String { "OTPSecret(redacted)" }

    /// A mirror without children, so `dump` and `Mirror` show no key bytes.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
