// SPDX-License-Identifier: Apache-2.0

// The one error type of LDAPClient: an LDAP result code plus what the server said.

/// An LDAP operation failed.
///
/// Carries the LDAP result code (RFC 4511 §4.1.9, plus libldap's negative client
/// codes such as ``ResultCode/serverDown`` and ``ResultCode/timeout``), the server's
/// diagnostic message (`LDAP_OPT_DIAGNOSTIC_MESSAGE`), the matched DN, and the URI
/// of the server that answered. Two errors are equal when their codes are equal,
/// so `#expect(throws: LDAPError.noSuchObject)` matches any noSuchObject failure.
public struct LDAPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The LDAP result code.
    public var code: ResultCode
    /// The server's (or libldap's) diagnostic message, when there was one.
    public var diagnostic: String?
    /// The matched DN the server returned with the error (RFC 4511 §4.1.9), if any.
    public var matchedDN: String?
    /// The URI of the server the failed operation went to, if one was chosen.
    public var uri: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The LDAP result code.
    ///   - diagnostic: A human-readable explanation, never containing secrets.
    ///   - matchedDN: The matched DN returned by the server.
    ///   - uri: The server the operation went to.
    public init(code: ResultCode, diagnostic: String? = nil, matchedDN: String? = nil, uri: String? = nil) {
        self.code = code
        self.diagnostic = diagnostic
        self.matchedDN = matchedDN
        self.uri = uri
    }

    /// Equality compares the result code only.
    public static func == (lhs: LDAPError, rhs: LDAPError) -> Bool { lhs.code == rhs.code }

    /// Hashes the result code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// `LDAP error 32 (No such object): <diagnostic> [matched DN …] at <uri>`.
    public var description: String {
        var text = "LDAP error \(code.rawValue) (\(code.name))"
        if let diagnostic, !diagnostic.isEmpty { text += ": \(diagnostic)" }
        if let matchedDN, !matchedDN.isEmpty { text += " [matched DN \(matchedDN)]" }
        if let uri { text += " at \(uri)" }
        return text
    }

    /// Whether this failure says the server (or the path to it) is unusable, rather
    /// than the request being wrong: the connection that saw it must be discarded
    /// and the server marked down.
    public var isConnectionFailure: Bool {
        [ResultCode.serverDown, .timeout, .connectError, .unavailable, .busy, .localError].contains(code)
    }

    /// Returns a copy naming `uri` as the server involved, unless one is already set.
    func at(_ uri: String) -> LDAPError {
        var copy = self
        if copy.uri == nil { copy.uri = uri }
        return copy
    }
}

extension LDAPError {
    /// The object named in the request does not exist (32).
    public static let noSuchObject = LDAPError(code: .noSuchObject)
    /// The bind DN or password is wrong (49).
    public static let invalidCredentials = LDAPError(code: .invalidCredentials)
    /// The attribute or value to delete is not there (16); a stale compare-and-swap.
    public static let noSuchAttribute = LDAPError(code: .noSuchAttribute)
    /// The entry (or value) to add already exists (68).
    public static let alreadyExists = LDAPError(code: .alreadyExists)
    /// The operation did not finish within its timeout (client side, -5).
    public static let timeout = LDAPError(code: .timeout)
    /// No server could be reached, or the connection broke (client side, -1).
    public static let serverDown = LDAPError(code: .serverDown)
    /// The connection (TCP or TLS) could not be established (client side, -11).
    public static let connectError = LDAPError(code: .connectError)
    /// The bound identity may not do this (50).
    public static let insufficientAccess = LDAPError(code: .insufficientAccess)
    /// The search returned more entries than the size limit (4).
    public static let sizeLimitExceeded = LDAPError(code: .sizeLimitExceeded)
    /// The request contradicts the schema (65).
    public static let objectClassViolation = LDAPError(code: .objectClassViolation)
    /// A value is already present (20).
    public static let attributeOrValueExists = LDAPError(code: .attributeOrValueExists)
    /// The search filter (or an attribute name in a request) is malformed (client side, -7).
    public static let filterError = LDAPError(code: .filterError)
    /// An argument was invalid before anything was sent (client side, -9).
    public static let parameterError = LDAPError(code: .parameterError)
    /// The client has been shut down, or libldap failed locally (client side, -2).
    public static let localError = LDAPError(code: .localError)
}
