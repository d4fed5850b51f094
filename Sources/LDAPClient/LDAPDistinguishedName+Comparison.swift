// SPDX-License-Identifier: Apache-2.0

// Where an entry lives relative to another: the same entry, below it, directly below it.

extension LDAPDistinguishedName {
    /// Whether two DNs name the same entry.
    ///
    /// The comparison is of the strings, ignoring letter case and a space after each `,`;
    /// it is not RFC 4517's full `distinguishedNameMatch` (which would also equate hex
    /// escapes with the characters they stand for), and it suits DNs that the same server
    /// hands out or that are built with ``dn(_:parent:)``.
    /// - Parameters:
    ///   - a: One DN.
    ///   - b: The other DN.
    /// - Returns: Whether they are equal as described.
    public static func same(_ a: String, _ b: String) -> Bool {
        normalized(a) == normalized(b)
    }

    /// Whether `dn` sits directly or deeper below `base`, compared as ``same(_:_:)`` does.
    /// - Parameters:
    ///   - dn: The entry's DN.
    ///   - base: The DN of the subtree's root.
    /// - Returns: Whether `dn` ends in `,` followed by `base`; `false` for `base` itself.
    public static func dn(_ dn: String, isBelow base: String) -> Bool {
        normalized(dn).hasSuffix("," + normalized(base))
    }

    /// Whether `dn` is directly below `base` (exactly one RDN deeper), compared as
    /// ``same(_:_:)`` does.
    /// - Parameters:
    ///   - dn: The entry's DN.
    ///   - base: The DN of the parent.
    /// - Returns: Whether ``parent(of:)`` of `dn` is `base`.
    public static func dn(_ dn: String, isChildOf base: String) -> Bool {
        guard let parent = parent(of: dn) else { return false }
        return normalized(parent) == normalized(base)
    }

    private static func normalized(_ dn: String) -> String {
        dn.lowercased().replacingOccurrences(of: ", ", with: ",")
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
