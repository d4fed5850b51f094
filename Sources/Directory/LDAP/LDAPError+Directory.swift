// SPDX-License-Identifier: Apache-2.0

import LDAPClient

extension LDAPError {
    /// The directory port's view of an LDAP failure.
    var asDirectoryError: DirectoryError {
        switch code {
        case .noSuchObject: .notFound(description)
        case .alreadyExists, .noSuchAttribute: .conflict(description)
        case .filterError, .parameterError, .invalidDNSyntax, .namingViolation, .invalidAttributeSyntax: .invalidInput(description)
        default: .unavailable(description)
        }
    }
}

/// Runs an LDAP operation and reports its failure as a ``DirectoryError``.
func directoryOperation<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as LDAPError {
        throw error.asDirectoryError
    }
}
