// SPDX-License-Identifier: Apache-2.0

// One change of an LDAP modify request (RFC 4511 §4.6).

/// One change of a modify operation (RFC 4511 §4.6).
///
/// A compare-and-swap is two changes in one request: ``delete(_:value:)`` of the
/// expected old value followed by ``add(_:values:)`` of the new one. The server
/// applies both or neither, and fails with ``LDAPError/noSuchAttribute`` when the
/// stored value is no longer the expected one.
public struct LDAPModification: Sendable, Hashable {
    /// What a change does (RFC 4511 §4.6 `operation`).
    public enum Operation: Sendable, Hashable {
        /// Add the values (creating the attribute if needed).
        case add
        /// Delete the values, or the whole attribute when no values are given.
        case delete
        /// Replace all values (an empty list removes the attribute).
        case replace
    }

    /// What to do.
    public var operation: Operation
    /// The attribute description (validated before sending).
    public var attribute: String
    /// The values, as bytes.
    public var values: [[UInt8]]

    /// Creates a change.
    /// - Parameters:
    ///   - operation: add, delete or replace.
    ///   - attribute: The attribute description.
    ///   - values: The values as bytes.
    public init(operation: Operation, attribute: String, values: [[UInt8]]) {
        self.operation = operation
        self.attribute = attribute
        self.values = values
    }

    /// Adds byte values.
    /// - Parameters:
    ///   - attribute: The attribute description.
    ///   - values: The values to add.
    public static func add(_ attribute: String, values: [[UInt8]]) -> LDAPModification {
        LDAPModification(operation: .add, attribute: attribute, values: values)
    }

    /// Adds UTF-8 string values.
    /// - Parameters:
    ///   - attribute: The attribute description.
    ///   - strings: The values to add.
    public static func add(_ attribute: String, strings: [String]) -> LDAPModification {
        LDAPModification(operation: .add, attribute: attribute, values: strings.map { Array($0.utf8) })
    }

    /// Deletes one byte value (the first half of a compare-and-swap).
    /// - Parameters:
    ///   - attribute: The attribute description.
    ///   - value: The value that must be present.
    public static func delete(_ attribute: String, value: [UInt8]) -> LDAPModification {
        LDAPModification(operation: .delete, attribute: attribute, values: [value])
    }

    /// Deletes the given values, or the whole attribute when `values` is empty.
    /// - Parameters:
    ///   - attribute: The attribute description.
    ///   - values: The values to delete; empty for all.
    public static func delete(_ attribute: String, values: [[UInt8]] = []) -> LDAPModification {
        LDAPModification(operation: .delete, attribute: attribute, values: values)
    }

    /// Replaces all values with byte values.
    /// - Parameters:
    ///   - attribute: The attribute description.
    ///   - values: The new values; empty removes the attribute.
    public static func replace(_ attribute: String, values: [[UInt8]]) -> LDAPModification {
        LDAPModification(operation: .replace, attribute: attribute, values: values)
    }

    /// Replaces all values with UTF-8 string values.
    /// - Parameters:
    ///   - attribute: The attribute description.
    ///   - strings: The new values; empty removes the attribute.
    public static func replace(_ attribute: String, strings: [String]) -> LDAPModification {
        LDAPModification(operation: .replace, attribute: attribute, values: strings.map { Array($0.utf8) })
    }

    /// The two changes of an atomic compare-and-swap: delete `old`, add `new`.
    /// - Parameters:
    ///   - attribute: The single-valued attribute to swap.
    ///   - old: The value expected to be stored now.
    ///   - new: The value to store.
    public static func compareAndSwap(_ attribute: String, old: [UInt8], new: [UInt8]) -> [LDAPModification] {
        [.delete(attribute, value: old), .add(attribute, values: [new])]
    }
}
