// SPDX-License-Identifier: Apache-2.0

// LDAP result codes: RFC 4511 §4.1.9 and Appendix A, plus libldap's client-side codes.

extension LDAPError {
    /// An LDAP result code.
    ///
    /// Positive values come from the server (RFC 4511 Appendix A); negative values
    /// are libldap's client-side codes (`LDAP_SERVER_DOWN` = -1, `LDAP_TIMEOUT` = -5, …).
    public struct ResultCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The numeric code.
        public var rawValue: Int32

        /// Wraps a numeric code.
        /// - Parameter rawValue: An LDAP or libldap result code.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// success (0).
        public static let success = ResultCode(rawValue: 0)
        /// operationsError (1).
        public static let operationsError = ResultCode(rawValue: 1)
        /// protocolError (2).
        public static let protocolError = ResultCode(rawValue: 2)
        /// timeLimitExceeded (3).
        public static let timeLimitExceeded = ResultCode(rawValue: 3)
        /// sizeLimitExceeded (4).
        public static let sizeLimitExceeded = ResultCode(rawValue: 4)
        /// compareFalse (5).
        public static let compareFalse = ResultCode(rawValue: 5)
        /// compareTrue (6).
        public static let compareTrue = ResultCode(rawValue: 6)
        /// authMethodNotSupported (7).
        public static let authMethodNotSupported = ResultCode(rawValue: 7)
        /// strongerAuthRequired (8).
        public static let strongerAuthRequired = ResultCode(rawValue: 8)
        /// adminLimitExceeded (11).
        public static let adminLimitExceeded = ResultCode(rawValue: 11)
        /// unavailableCriticalExtension (12).
        public static let unavailableCriticalExtension = ResultCode(rawValue: 12)
        /// confidentialityRequired (13).
        public static let confidentialityRequired = ResultCode(rawValue: 13)
        /// noSuchAttribute (16).
        public static let noSuchAttribute = ResultCode(rawValue: 16)
        /// undefinedAttributeType (17).
        public static let undefinedAttributeType = ResultCode(rawValue: 17)
        /// inappropriateMatching (18).
        public static let inappropriateMatching = ResultCode(rawValue: 18)
        /// constraintViolation (19).
        public static let constraintViolation = ResultCode(rawValue: 19)
        /// attributeOrValueExists (20).
        public static let attributeOrValueExists = ResultCode(rawValue: 20)
        /// invalidAttributeSyntax (21).
        public static let invalidAttributeSyntax = ResultCode(rawValue: 21)
        /// noSuchObject (32).
        public static let noSuchObject = ResultCode(rawValue: 32)
        /// invalidDNSyntax (34).
        public static let invalidDNSyntax = ResultCode(rawValue: 34)
        /// inappropriateAuthentication (48).
        public static let inappropriateAuthentication = ResultCode(rawValue: 48)
        /// invalidCredentials (49).
        public static let invalidCredentials = ResultCode(rawValue: 49)
        /// insufficientAccessRights (50).
        public static let insufficientAccess = ResultCode(rawValue: 50)
        /// busy (51).
        public static let busy = ResultCode(rawValue: 51)
        /// unavailable (52).
        public static let unavailable = ResultCode(rawValue: 52)
        /// unwillingToPerform (53).
        public static let unwillingToPerform = ResultCode(rawValue: 53)
        /// namingViolation (64).
        public static let namingViolation = ResultCode(rawValue: 64)
        /// objectClassViolation (65).
        public static let objectClassViolation = ResultCode(rawValue: 65)
        /// notAllowedOnNonLeaf (66).
        public static let notAllowedOnNonLeaf = ResultCode(rawValue: 66)
        /// entryAlreadyExists (68).
        public static let alreadyExists = ResultCode(rawValue: 68)
        /// other (80).
        public static let other = ResultCode(rawValue: 80)
        /// libldap: the server could not be contacted or the connection broke (-1).
        public static let serverDown = ResultCode(rawValue: -1)
        /// libldap: a local failure (-2); also used when the client was shut down.
        public static let localError = ResultCode(rawValue: -2)
        /// libldap: encoding a request failed (-3).
        public static let encodingError = ResultCode(rawValue: -3)
        /// libldap: decoding a response failed (-4).
        public static let decodingError = ResultCode(rawValue: -4)
        /// libldap: the operation timed out (-5).
        public static let timeout = ResultCode(rawValue: -5)
        /// libldap: unknown authentication method (-6).
        public static let authUnknown = ResultCode(rawValue: -6)
        /// libldap: bad search filter (-7).
        public static let filterError = ResultCode(rawValue: -7)
        /// libldap: bad parameter (-9).
        public static let parameterError = ResultCode(rawValue: -9)
        /// libldap: out of memory (-10).
        public static let noMemory = ResultCode(rawValue: -10)
        /// libldap: connecting failed, including TLS negotiation (-11).
        public static let connectError = ResultCode(rawValue: -11)
        /// libldap: a requested feature is not supported (-12).
        public static let notSupported = ResultCode(rawValue: -12)

        /// The RFC 4511 (or libldap) name of the code.
        public var name: String {
            switch self {
            case .success: "success"
            case .operationsError: "operationsError"
            case .protocolError: "protocolError"
            case .timeLimitExceeded: "timeLimitExceeded"
            case .sizeLimitExceeded: "sizeLimitExceeded"
            case .compareFalse: "compareFalse"
            case .compareTrue: "compareTrue"
            case .authMethodNotSupported: "authMethodNotSupported"
            case .strongerAuthRequired: "strongerAuthRequired"
            case .adminLimitExceeded: "adminLimitExceeded"
            case .unavailableCriticalExtension: "unavailableCriticalExtension"
            case .confidentialityRequired: "confidentialityRequired"
            case .noSuchAttribute: "noSuchAttribute"
            case .undefinedAttributeType: "undefinedAttributeType"
            case .inappropriateMatching: "inappropriateMatching"
            case .constraintViolation: "constraintViolation"
            case .attributeOrValueExists: "attributeOrValueExists"
            case .invalidAttributeSyntax: "invalidAttributeSyntax"
            case .noSuchObject: "noSuchObject"
            case .invalidDNSyntax: "invalidDNSyntax"
            case .inappropriateAuthentication: "inappropriateAuthentication"
            case .invalidCredentials: "invalidCredentials"
            case .insufficientAccess: "insufficientAccessRights"
            case .busy: "busy"
            case .unavailable: "unavailable"
            case .unwillingToPerform: "unwillingToPerform"
            case .namingViolation: "namingViolation"
            case .objectClassViolation: "objectClassViolation"
            case .notAllowedOnNonLeaf: "notAllowedOnNonLeaf"
            case .alreadyExists: "entryAlreadyExists"
            case .other: "other"
            case .serverDown: "serverDown"
            case .localError: "localError"
            case .encodingError: "encodingError"
            case .decodingError: "decodingError"
            case .timeout: "timeout"
            case .authUnknown: "authUnknown"
            case .filterError: "filterError"
            case .parameterError: "parameterError"
            case .noMemory: "noMemory"
            case .connectError: "connectError"
            case .notSupported: "notSupported"
            default: "code \(rawValue)"
            }
        }

        /// Same as ``name``.
        public var description: String { name }
    }
}
