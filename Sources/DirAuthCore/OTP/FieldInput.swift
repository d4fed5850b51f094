// SPDX-License-Identifier: Apache-2.0

/// One request field as the edge read it, named as the request spelled it: the services
/// validate it at the point of the flow where the API reports field problems.
public struct FieldInput: Sendable, Hashable {
    /// What the request carried.
    public enum Value: Sendable, Hashable {
        /// The field is absent.
        case absent
        /// The field is present with a value that is not text (object, array, boolean, null).
        case notAString
        /// The field's text, trimmed.
        case text(String)
    }

    /// The field's name as the request spelled it (`name`, `verifyname`, …).
    public var field: String
    /// What it carried.
    public var value: Value

    /// Creates a field input.
    /// - Parameters:
    ///   - field: The name.
    ///   - value: The value.
    public init(_ field: String, _ value: Value) {
        self.field = field
        self.value = value
    }

    /// The text, when the field carries one.
    public var text: String? {
        if case .text(let text) = value { return text }
        return nil
    }
}
