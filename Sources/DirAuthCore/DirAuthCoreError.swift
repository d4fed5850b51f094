// SPDX-License-Identifier: Apache-2.0

/// Why an application service refused a request, as a value: the edge turns each code into a
/// status and a body in one place per API style; nothing here knows HTTP.
///
/// Alongside it the services throw the protocol core's `CRTAuthError` (a crtauth message that
/// is malformed or fails) and the directory's `DirectoryError` with kind `unavailable` (the
/// directory did not answer). Errors compare by ``code`` only; the diagnostic is for logs and
/// never holds a token, code or seed.
public struct DirAuthCoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal; the only part `==` compares.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidCredentials, lockedOut, permissionDenied, invalidFields
            case notFound, duplicateEntry, nameTooLong, tokenRejected
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A service credential (name, realm, TOTP code) is wrong, unknown, disabled or replayed.
        public static let invalidCredentials = Code(.invalidCredentials)
        /// Too many failures: the credential or its source address is locked for a while.
        public static let lockedOut = Code(.lockedOut)
        /// The authenticated caller lacks the capability, or the triple it asked about is refused.
        public static let permissionDenied = Code(.permissionDenied)
        /// Request fields are missing or unusable (see ``fieldErrors``).
        public static let invalidFields = Code(.invalidFields)
        /// The named OTP entry does not exist.
        public static let notFound = Code(.notFound)
        /// Another OTP entry already has this name and realm.
        public static let duplicateEntry = Code(.duplicateEntry)
        /// Name and realm are too long together for the directory.
        public static let nameTooLong = Code(.nameTooLong)
        /// A crtauth token presented for checking is forged, expired or revoked.
        public static let tokenRejected = Code(.tokenRejected)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of refusal.
    public let code: Code
    /// For ``Code/lockedOut``: seconds until the next attempt may succeed.
    public let retryAfter: Int?
    /// For ``Code/invalidFields``: the fields and what is wrong with each, in request order.
    public let fieldErrors: [FieldError]
    /// What happened, for logs.
    public let diagnostic: String

    private init(_ code: Code, _ diagnostic: String, retryAfter: Int? = nil, fieldErrors: [FieldError] = []) {
        self.code = code
        self.diagnostic = diagnostic
        self.retryAfter = retryAfter
        self.fieldErrors = fieldErrors
    }

    /// A service credential did not authenticate.
    /// - Parameter diagnostic: Why (unknown, wrong code, disabled, replayed), for logs.
    @inline(never)
    public static func invalidCredentials(_ diagnostic: String) -> Self { .init(.invalidCredentials, diagnostic) }

    /// The credential or its source address is locked.
    /// - Parameter retryAfter: Seconds until the lock ends.
    @inline(never)
    public static func lockedOut(retryAfter: Int) -> Self { .init(.lockedOut, "locked for \(retryAfter) s", retryAfter: retryAfter) }

    /// The caller may not do this.
    /// - Parameter diagnostic: What was missing, for logs.
    @inline(never)
    public static func permissionDenied(_ diagnostic: String) -> Self { .init(.permissionDenied, diagnostic) }

    /// Fields are missing or unusable.
    /// - Parameter fields: Each field with its problems, in request order.
    @inline(never)
    public static func invalidFields(_ fields: [FieldError]) -> Self {
        .init(.invalidFields, fields.map { "\($0.field): \($0.problems)" }.joined(separator: "; "), fieldErrors: fields)
    }

    /// The entry does not exist.
    /// - Parameter diagnostic: What was looked for.
    @inline(never)
    public static func notFound(_ diagnostic: String) -> Self { .init(.notFound, diagnostic) }

    /// The name and realm are taken.
    /// - Parameter diagnostic: The directory's words.
    @inline(never)
    public static func duplicateEntry(_ diagnostic: String) -> Self { .init(.duplicateEntry, diagnostic) }

    /// The name and realm do not fit the directory together.
    /// - Parameter diagnostic: The directory's words.
    @inline(never)
    public static func nameTooLong(_ diagnostic: String) -> Self { .init(.nameTooLong, diagnostic) }

    /// A crtauth token presented for checking is not valid.
    /// - Parameter diagnostic: Why, for logs.
    @inline(never)
    public static func tokenRejected(_ diagnostic: String) -> Self { .init(.tokenRejected, diagnostic) }

    /// `<code>: <diagnostic>`.
    public var description: String { "\(code): \(diagnostic)" }

    /// Compares codes only.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
