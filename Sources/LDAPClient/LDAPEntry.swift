// SPDX-License-Identifier: Apache-2.0

// One search result entry with its values kept as bytes.

/// One entry returned by a search. Values are raw bytes (read with
/// `ldap_get_values_len`), so binary attributes survive intact.
public struct LDAPEntry: Sendable, Hashable {
    /// The entry's distinguished name.
    public var dn: String
    /// Attribute descriptions as the server spelled them, with their values.
    public var attributes: [String: [[UInt8]]]

    /// Creates an entry.
    /// - Parameters:
    ///   - dn: The distinguished name.
    ///   - attributes: Attribute values as bytes.
    public init(dn: String, attributes: [String: [[UInt8]]]) {
        self.dn = dn
        self.attributes = attributes
    }

    /// All values of an attribute; the name is matched case-insensitively.
    /// - Parameter name: The attribute description.
    public func values(_ name: String) -> [[UInt8]] {
        if let exact = attributes[name] { return exact }
        let wanted = name.lowercased()
        for (key, values) in attributes where key.lowercased() == wanted {
            return values
        }
        return []
    }

    /// The values that are valid UTF-8, as strings; other values are skipped.
    /// - Parameter name: The attribute description.
    public func strings(_ name: String) -> [String] {
        values(name).compactMap { String(validating: $0, as: UTF8.self) }
    }

    /// The first valid UTF-8 value of an attribute.
    /// - Parameter name: The attribute description.
    public func string(_ name: String) -> String? {
        strings(name).first
    }
}
