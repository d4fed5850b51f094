// SPDX-License-Identifier: Apache-2.0

// RFC 4515 search filters built as values, so no filter is ever made by pasting strings.

/// A search filter (RFC 4511 §4.5.1.7), rendered to its RFC 4515 string form with
/// every assertion value escaped.
///
/// ```swift
/// let filter = LDAPFilter.and([.equal("objectClass", "inetOrgPerson"), .equal("uid", userInput)])
/// ```
/// Whatever `userInput` holds (`*`, `)(uid=*`, `\`, NUL, invalid UTF-8), it is
/// compared as a literal value. Attribute names cannot be escaped, so they are
/// validated instead: ``validate()`` (called by ``LDAPConnectionPool`` before sending)
/// rejects any that is not a descriptor or numeric OID with options (RFC 4512 §2.5).
public indirect enum LDAPFilter: Sendable, Hashable {
    /// `(attr=value)`: equality match.
    case equal(String, [UInt8])
    /// `(attr=*)`: the attribute is present.
    case present(String)
    /// `(&…)`: all of the filters match (`(&)` is absolute true, RFC 4526).
    case and([LDAPFilter])
    /// `(|…)`: any of the filters matches (`(|)` is absolute false, RFC 4526).
    case or([LDAPFilter])
    /// `(!…)`: the filter does not match.
    case not(LDAPFilter)
    /// `(attr=initial*any*…*final)`: substring match; each part is escaped.
    case substrings(String, initial: [UInt8]?, any: [[UInt8]], final: [UInt8]?)
    /// `(attr>=value)`.
    case greaterOrEqual(String, [UInt8])
    /// `(attr<=value)`.
    case lessOrEqual(String, [UInt8])
    /// `(attr~=value)`: approximate match.
    case approx(String, [UInt8])

    /// `(attr=value)` with a UTF-8 string value.
    /// - Parameters:
    ///   - attribute: The attribute description.
    ///   - value: The value, compared literally.
    public static func equal(_ attribute: String, _ value: String) -> LDAPFilter {
        .equal(attribute, Array(value.utf8))
    }

    /// The RFC 4515 string form, with every assertion value escaped.
    ///
    /// Attribute names are written as given; send only filters that pass ``validate()``.
    public var rfc4515: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Checks that every attribute name is a valid attribute description.
    /// - Throws: ``LDAPError/filterError`` naming the offending attribute.
    public func validate() throws {
        switch self {
        case .equal(let attribute, _), .present(let attribute), .substrings(let attribute, _, _, _),
            .greaterOrEqual(let attribute, _), .lessOrEqual(let attribute, _), .approx(let attribute, _):
            guard AttributeName.isValidDescription(attribute) else {
                throw LDAPError(code: .filterError, diagnostic: "invalid attribute name in filter: \(attribute.debugDescription)")
            }
        case .and(let filters), .or(let filters):
            for filter in filters { try filter.validate() }
        case .not(let filter):
            try filter.validate()
        }
    }

    /// RFC 4515 §3:
    /// ```
    /// filter         = LPAREN filtercomp RPAREN
    /// filtercomp     = and / or / not / item
    /// and            = AMPERSAND filterlist
    /// or             = VERTBAR filterlist
    /// not            = EXCLAMATION filter
    /// simple         = attr filtertype assertionvalue
    /// filtertype     = equal / approx / greaterorequal / lessorequal
    /// present        = attr EQUALS ASTERISK
    /// substring      = attr EQUALS [initial] any [final]
    /// ```
    private func write(to out: inout String) {
        out += "("
        switch self {
        case .equal(let attribute, let value):
            out += attribute + "="
            LDAPFilter.escape(value, into: &out)
        case .present(let attribute):
            out += attribute + "=*"
        case .and(let filters):
            out += "&"
            for filter in filters { filter.write(to: &out) }
        case .or(let filters):
            out += "|"
            for filter in filters { filter.write(to: &out) }
        case .not(let filter):
            out += "!"
            filter.write(to: &out)
        case .substrings(let attribute, let initial, let any, let final):
            out += attribute + "="
            if let initial { LDAPFilter.escape(initial, into: &out) }
            out += "*"
            for part in any {
                LDAPFilter.escape(part, into: &out)
                out += "*"
            }
            if let final { LDAPFilter.escape(final, into: &out) }
        case .greaterOrEqual(let attribute, let value):
            out += attribute + ">="
            LDAPFilter.escape(value, into: &out)
        case .lessOrEqual(let attribute, let value):
            out += attribute + "<="
            LDAPFilter.escape(value, into: &out)
        case .approx(let attribute, let value):
            out += attribute + "~="
            LDAPFilter.escape(value, into: &out)
        }
        out += ")"
    }

    /// Escapes an assertion value (RFC 4515 §3):
    /// ```
    /// valueencoding  = 0*(normal / escaped)
    /// normal         = UTF1SUBSET / UTFMB
    /// escaped        = ESC HEX HEX
    /// UTF1SUBSET     = %x01-27 / %x2B-5B / %x5D-7F
    ///                     ; UTF1SUBSET excludes 0x00 (NUL), LPAREN,
    ///                     ; RPAREN, ASTERISK, and ESC.
    /// ```
    /// Stricter than required: only printable ASCII other than `*`, `(`, `)` and `\`
    /// is written as is; every other byte (NUL, controls, and all bytes ≥ 0x80,
    /// valid UTF-8 or not) becomes `\xx`. Any octet string round-trips exactly.
    /// - Parameter value: The raw value.
    /// - Returns: The escaped text.
    public static func escape(_ value: [UInt8]) -> String {
        var out = ""
        escape(value, into: &out)
        return out
    }

    /// Escapes a UTF-8 string value; see ``escape(_:)-([UInt8])``.
    /// - Parameter value: The value.
    /// - Returns: The escaped text.
    public static func escape(_ value: String) -> String {
        escape(Array(value.utf8))
    }

    private static let hexDigits: [Character] = Array("0123456789abcdef")

    private static func escape(_ value: [UInt8], into out: inout String) {
        for byte in value {
            switch byte {
            case 0x2A, 0x28, 0x29, 0x5C:  // * ( ) \
                appendEscaped(byte, to: &out)
            case 0x20...0x7E:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                appendEscaped(byte, to: &out)
            }
        }
    }

    private static func appendEscaped(_ byte: UInt8, to out: inout String) {
        out.append("\\")
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0x0F)])
    }
}

extension LDAPFilter: CustomStringConvertible {
    /// The RFC 4515 form.
    public var description: String { rfc4515 }
}
