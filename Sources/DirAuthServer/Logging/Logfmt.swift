// SPDX-License-Identifier: Apache-2.0

/// logfmt, the `key=value` line format most log pipelines read, with every value that could
/// forge or split a line escaped.
///
/// A value is written bare when it is non-empty printable text without spaces, quotes, `=` or
/// backslashes; otherwise it is quoted, with `\"`, `\\`, `\n`, `\r`, `\t` and `\u{XXXX}` for every
/// other control character (C0, DEL, C1) and for the Unicode line and paragraph separators. So a
/// username holding a newline stays inside its own value, and a NUL byte is written as `\u{0}`.
enum Logfmt {
    /// `value` as a logfmt value.
    static func value(_ value: String) -> String {
        if !value.isEmpty, value.unicodeScalars.allSatisfy(isBare) { return value }
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `key` as a logfmt key: letters, digits, `_`, `.` and `-`; anything else becomes `_`.
    static func key(_ key: String) -> String {
        let scalars = key.unicodeScalars.map { scalar -> Unicode.Scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_.-".unicodeScalars.contains(scalar)) ? scalar : "_"
        }
        return scalars.isEmpty ? "_" : String(String.UnicodeScalarView(scalars))
    }

    private static func isBare(_ scalar: Unicode.Scalar) -> Bool {
        !isControl(scalar) && scalar != " " && scalar != "\"" && scalar != "=" && scalar != "\\" && !scalar.properties.isWhitespace
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
