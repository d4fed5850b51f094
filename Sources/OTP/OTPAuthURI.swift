// SPDX-License-Identifier: Apache-2.0

/// `otpauth://` provisioning URIs for authenticator apps (Google Authenticator's Key Uri Format:
/// `otpauth://TYPE/LABEL?PARAMETERS`).
public enum OTPAuthURI {
    /// Builds `otpauth://totp/<realm>:<name>?secret=…&issuer=…&algorithm=…&digits=…&period=…`.
    ///
    /// Key Uri Format, "Label": `label = accountname / issuer (":" / "%3A") *"%20" accountname`;
    /// the realm is the label's prefix, each part percent-encoded (RFC 3986 §2.1, UTF-8; only
    /// unreserved characters stay literal, so a `:` inside a name becomes `%3A`). The secret is
    /// unpadded base32 ("The padding specified in RFC 3548 section 2.2 is not required and should
    /// be omitted"). `algorithm`, `digits` and `period` are always written, for apps that do not
    /// apply the defaults. T0 cannot be expressed in the format; URIs assume T0 = 0.
    ///
    /// - Parameters:
    ///   - name: The entry's name (account name).
    ///   - realm: The entry's realm, used as the label prefix.
    ///   - secret: The shared secret.
    ///   - parameters: Hash, digits and period.
    ///   - issuer: The `issuer` parameter shown by apps.
    /// - Returns: The URI string.
    public static func make(
        name: String,
        realm: String,
        secret: OTPSecret,
        parameters: TOTPParameters,
        issuer: String = "dirauth"
    ) -> String {
        let label = percentEncode(realm) + ":" + percentEncode(name)
        let query = [
            "secret=" + secret.base32,
            "issuer=" + percentEncode(issuer),
            "algorithm=" + parameters.algorithm.rawValue,
            "digits=" + String(parameters.digits),
            "period=" + String(parameters.period),
        ].joined(separator: "&")
        return "otpauth://totp/" + label + "?" + query
    }

    /// Percent-encodes every byte of the UTF-8 form except RFC 3986 §2.3 unreserved characters
    /// (`ALPHA / DIGIT / "-" / "." / "_" / "~"`), with uppercase hex digits.
    ///
    /// - Parameters:
    ///   - text: The text to encode.
    /// - Returns: The encoded text.
    public static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
