// SPDX-License-Identifier: Apache-2.0

// LDAPError: codes, equality by code, descriptions.
import LDAPClient
import Testing

@Suite("LDAPError")
struct LDAPErrorTests {
    @Test("named codes carry RFC 4511 and libldap numbers")
    func codes() {
        #expect(LDAPError.noSuchObject.code.rawValue == 32)
        #expect(LDAPError.invalidCredentials.code.rawValue == 49)
        #expect(LDAPError.noSuchAttribute.code.rawValue == 16)
        #expect(LDAPError.alreadyExists.code.rawValue == 68)
        #expect(LDAPError.insufficientAccess.code.rawValue == 50)
        #expect(LDAPError.serverDown.code.rawValue == -1)
        #expect(LDAPError.timeout.code.rawValue == -5)
    }

    @Test("equality and hashing compare the code only")
    func equality() {
        let detailed = LDAPError(code: .noSuchObject, diagnostic: "no such entry", matchedDN: "dc=example,dc=org", uri: "ldap://x")
        #expect(detailed == LDAPError.noSuchObject)
        #expect(detailed != LDAPError.noSuchAttribute)
        #expect(Set([detailed, .noSuchObject]).count == 1)
    }

    @Test("the description names code, diagnostic, matched DN and URI")
    func description() {
        let error = LDAPError(code: .invalidCredentials, diagnostic: "bind failed", matchedDN: nil, uri: "ldap://127.0.0.1:1")
        #expect(error.description == "LDAP error 49 (invalidCredentials): bind failed at ldap://127.0.0.1:1")
        #expect(LDAPError(code: .init(rawValue: 4711)).description == "LDAP error 4711 (code 4711)")
    }

    @Test("transport failures are connection failures, answers from the server are not")
    func classification() {
        #expect(LDAPError.timeout.isConnectionFailure)
        #expect(LDAPError.serverDown.isConnectionFailure)
        #expect(LDAPError.connectError.isConnectionFailure)
        #expect(!LDAPError.invalidCredentials.isConnectionFailure)
        #expect(!LDAPError.noSuchObject.isConnectionFailure)
    }
}
