// SPDX-License-Identifier: Apache-2.0

/// A directory lookup could not be answered.
///
/// "Unknown user" and "no keys" are answers (`nil`, `[]`), not errors: this error
/// means the directory itself failed (unreachable, timed out, refused us) or holds
/// something dirauth cannot use. The HTTP edge maps it to 503.
public struct DirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; compare errors by it.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unavailable, invalidInput, conflict, notFound
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No directory server answered in time.
        public static let unavailable = Kind(.unavailable)
        /// A name or value cannot be used (too long, illegal characters, …).
        public static let invalidInput = Kind(.invalidInput)
        /// The change conflicts with what is stored (exists already, changed meanwhile).
        public static let conflict = Kind(.conflict)
        /// The entry to change does not exist.
        public static let notFound = Kind(.notFound)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public var kind: Kind
    /// Details for logs; never contains secrets.
    public var diagnostic: String

    private init(kind: Kind, diagnostic: String) {
        self.kind = kind
        self.diagnostic = diagnostic
    }

    /// The directory could not be reached or did not answer.
    @inline(never)
    public static func unavailable(_ diagnostic: String) -> Self { .init(kind: .unavailable, diagnostic: diagnostic) }
    /// A caller-supplied value cannot be used.
    @inline(never)
    public static func invalidInput(_ diagnostic: String) -> Self { .init(kind: .invalidInput, diagnostic: diagnostic) }
    /// The change conflicts with the stored state.
    @inline(never)
    public static func conflict(_ diagnostic: String) -> Self { .init(kind: .conflict, diagnostic: diagnostic) }
    /// The entry does not exist.
    @inline(never)
    public static func notFound(_ diagnostic: String) -> Self { .init(kind: .notFound, diagnostic: diagnostic) }

    public var description: String { "directory \(kind): \(diagnostic)" }

    /// Errors compare by kind only; the diagnostic is for logs.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.kind == rhs.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }
}
