// SPDX-License-Identifier: Apache-2.0

/// A request field and what is wrong with it, independent of how an API words it (the edge
/// renders Django REST framework's messages for the ungleich-otp API).
public struct FieldError: Sendable, Hashable {
    /// What can be wrong with one field.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// The field is absent.
        case missing
        /// The field is present but empty (after trimming).
        case blank
        /// The value is longer than `maximum` characters.
        case tooLong(maximum: Int)
        /// The value holds control characters.
        case controlCharacters
        /// The value is not text (e.g. a JSON object, array, boolean or null).
        case notAString

        /// A short name of the problem, for logs.
        public var description: String {
            switch self {
            case .missing: "missing"
            case .blank: "blank"
            case .tooLong(let maximum): "longer than \(maximum)"
            case .controlCharacters: "control characters"
            case .notAString: "not a string"
            }
        }
    }

    /// The field's name as the request spelled it.
    public var field: String
    /// Its problems (usually one).
    public var problems: [Problem]

    /// Creates a field error.
    /// - Parameters:
    ///   - field: The field's name.
    ///   - problems: What is wrong with it.
    public init(_ field: String, _ problems: Problem...) {
        self.field = field
        self.problems = problems
    }
}
