// SPDX-License-Identifier: Apache-2.0

/// The HMAC hash function of an HOTP/TOTP generator (RFC 6238 §1.2: SHA-1, SHA-256, SHA-512).
///
/// The raw values are the spellings of the Key Uri Format's `algorithm` parameter.
public enum OTPAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// HMAC-SHA-1, the RFC 4226 default and the only algorithm ungleich-otp used.
    case sha1 = "SHA1"
    /// HMAC-SHA-256 (RFC 6238).
    case sha256 = "SHA256"
    /// HMAC-SHA-512 (RFC 6238).
    case sha512 = "SHA512"
}
