// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Testing

/// Inputs the fuzz target `FuzzCRTAuth` (Fuzz/README.md) found, kept as literals.
@Suite("fuzz regressions")
struct FuzzRegressionTests {
    /// `0171d900 75755d5d5d5d5d`: a v1 request whose username is an empty str8. It parsed as v1 with
    /// an empty name, which serializes as fixstr 0xa0 and so parses back as v0: not a round trip.
    @Test("an empty str8 username is a v0 request, and every v1 request round-trips")
    func emptyStr8Username() throws {
        let request = try CRTRequest.parse(headerValue: "AXHZAHV1XV1dXV1")
        #expect(request.version == .v0)
        #expect(request.username == "AXHZAHV1XV1dXV1")
        for header in ["AXHZAA", "AXHaAAA", "AXHbAAAAAA"] {
            #expect(try CRTRequest.parse(headerValue: header).version == .v0, "\(header)")
        }
        let v1 = try CRTRequest.parse(headerValue: "AXHZAWE")  // str8 "a"
        #expect(v1 == CRTRequest(username: "a"))
        #expect(try CRTRequest.parse(headerValue: v1.armoured()) == v1)
    }
}
