// SPDX-License-Identifier: Apache-2.0

import Foundation

/// An OTP name or realm (or a realm group's name) in the one form the directory's matching
/// rule makes of it: every spelling the directory finds the same entry for has the same
/// canonical name, so everything that keys on one (caches, failure counters, single-use
/// realms, capability checks, event subjects) sees one principal, not one per spelling.
///
/// Usernames are not folded: dirauth knows a user only by the exact stored `uid` (the LDAP
/// adapters drop entries the server matched in another spelling, and key files are named
/// exactly), so a user's stored spelling is their one form and `ALICE` is an unknown user
/// when `alice` exists. Invalidation still folds them, to reach every spelling asked.
///
/// The shipped schema matches `uid`, `cn` and `ou` with `caseIgnoreMatch` (RFC 4517 §4.2.11,
/// string preparation of RFC 4518). What is folded, in this order, is what slapd's
/// `caseIgnoreMatch` was checked to treat alike (`CanonicalNameTests`, and the conformance
/// tests against a real slapd):
/// 1. compatibility equivalents (NFKC): fullwidth letters, ligatures, composed and
///    decomposed accents;
/// 2. letter case, by each scalar's Unicode lowercase mapping (`ALICE`, `Alice` and `ａｌｉｃｅ`
///    are `alice`; `İ` is `i`, as slapd's simple mapping has it), then NFKC again;
/// 3. spaces: every Unicode space, line or paragraph separator (no-break space too) is a
///    space, leading and trailing ones go, and an inner run is one space.
///
/// Not folded, because slapd does not treat them alike either: full case folding (`ß` is not
/// `ss`, final `ς` is not `σ`), and RFC 4518's "map to nothing" characters (soft hyphen,
/// zero-width space, combining grapheme joiner, variation selectors). Folding more than the
/// directory would merge principals it keeps apart. One known gap: case pairs newer than
/// slapd's Unicode tables (`ẞ` U+1E9E, Cherokee) are folded here but not there, so such a
/// spelling finds the lowercase entry here and nothing there.
///
/// The canonical form is itself a spelling the directory finds the same entry for, so a
/// cache may load with ``value``.
public struct CanonicalName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The canonical spelling.
    public let value: String

    /// The canonical form of `spelling`.
    /// - Parameter spelling: A name as a client or the directory spelled it.
    public init(_ spelling: some StringProtocol) {
        value = Self.fold(String(spelling))
    }

    /// The canonical spelling.
    public var description: String { value }

    /// Orders by canonical spelling (for stable output).
    public static func < (lhs: CanonicalName, rhs: CanonicalName) -> Bool {
        lhs.value < rhs.value
    }

    /// Whether two spellings name the same entry.
    /// - Parameters:
    ///   - lhs: One spelling.
    ///   - rhs: Another.
    /// - Returns: `true` when their canonical forms are equal.
    public static func same(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
        CanonicalName(lhs) == CanonicalName(rhs)
    }

    // MARK: Folding

    static func fold(_ spelling: String) -> String {
        if spelling.utf8.allSatisfy({ $0 < 0x80 }) {
            return foldASCII(spelling)
        }
        let compatible = spelling.precomposedStringWithCompatibilityMapping
        var lowered = String.UnicodeScalarView()
        for scalar in compatible.unicodeScalars {
            // U+0130's full mapping is `i` + U+0307; the simple one (slapd's) is `i`.
            if scalar == "\u{130}" {
                lowered.append("i")
            } else if isSeparator(scalar) {
                lowered.append(" ")
            } else {
                lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return collapsingSpaces(String(lowered).precomposedStringWithCompatibilityMapping)
    }

    /// The ASCII path (nearly every name): lowercase and spaces, without copying a name
    /// that is canonical already.
    private static func foldASCII(_ spelling: String) -> String {
        let bytes = spelling.utf8
        let isCanonical =
            bytes.first != 0x20 && bytes.last != 0x20
            && !bytes.contains { (0x41...0x5A).contains($0) }
            && !zip(bytes, bytes.dropFirst()).contains { $0 == 0x20 && $1 == 0x20 }
        if isCanonical { return spelling }
        let lowered = String(decoding: bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        return collapsingSpaces(lowered)
    }

    /// Whether `scalar` is a space, line or paragraph separator (Unicode `Z*`).
    private static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// Without leading and trailing spaces, each inner run of spaces one space.
    private static func collapsingSpaces(_ text: String) -> String {
        guard text.contains(" ") else { return text }
        return text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
