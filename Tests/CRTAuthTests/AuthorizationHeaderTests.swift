// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Testing

@Suite("Authorization: chap:<token>")
struct AuthorizationHeaderTests {
    @Test("the token is the text after chap:, without whitespace around it")
    func token() {
        #expect(CRTAuthorization.token(fromHeader: "chap:AAEC-_x") == "AAEC-_x")
        #expect(CRTAuthorization.token(fromHeader: "chap: \tAAEC \t") == "AAEC")
        #expect(CRTAuthorization.token(fromHeader: "chap:tökén") == "tökén")
    }

    @Test("another scheme, an upper-case prefix, a missing header or an empty token give no token")
    func noToken() {
        for header in [nil, "", "chap:", "chap:  \t", "Chap:AAEC", "CHAP:AAEC", "Bearer AAEC", "chap", " chap:AAEC"] {
            #expect(CRTAuthorization.token(fromHeader: header) == nil, "\(String(describing: header))")
        }
    }
}
