// SPDX-License-Identifier: Apache-2.0

@testable import CRTAuth
import Crypto
import Foundation
import Testing

@Suite("request parsing (Python WSGI heuristic, str16 deviation, fingerprint extension)")
struct RequestParsingTests {
    @Test("agrees with every wsgi_parse_request vector")
    func wsgiTable() throws {
        let vectors = try Vectors.load()
        let table = try vectors.array("wsgi_parse_request")
        #expect(table.count == 14)
        for index in table.indices {
            let input = try vectors.string("wsgi_parse_request", index, "input")
            let username = try vectors.string("wsgi_parse_request", index, "username")
            let version = try vectors.double("wsgi_parse_request", index, "version")
            let request = try CRTRequest.parse(headerValue: input)
            #expect(request.username == username, "input \(input)")
            #expect(request.version.rawValue == Int(version), "input \(input)")
            #expect(request.keyFingerprint == nil)
        }
    }

    @Test("the flows' requests parse as in the reference, and v1 requests serialize byte-exactly")
    func flowRequests() throws {
        let vectors = try Vectors.load()
        for flow in ["v1_known_user", "v1_unknown_user"] {
            let b64 = try vectors.string("flows", flow, "request", "b64url")
            let username = try vectors.string("flows", flow, "username")
            let parsed = try CRTRequest.parse(headerValue: b64)
            #expect(parsed == CRTRequest(username: username, version: .v1))
            #expect(CRTRequest(username: username).armoured() == b64)
            #expect(CRTRequest(username: username).serializedV1() == (try bytes(hex: try vectors.string("flows", flow, "request", "hex"))))
        }
        for flow in ["v0_known_user", "v0_unknown_user"] {
            let xchap = try vectors.string("flows", flow, "request", "x_chap")
            let text = String(xchap.dropFirst("request:".count))
            let parsed = try CRTRequest.parse(headerValue: text)
            #expect(parsed.version == .v0)
            #expect(parsed.username == (try vectors.string("flows", flow, "username")))
            #expect(CRTRequest(username: parsed.username, version: .v0).armoured() == text)
        }
        #expect(try CRTRequest.parse(headerValue: try vectors.string("upstream_vectors", "java_request_noa")) == CRTRequest(username: "noa"))
    }

    @Test("long usernames: str8 and (our deviation) str16 requests both parse as v1")
    func longUsernames() throws {
        let vectors = try Vectors.load()
        let requests = try vectors.array("long_usernames", "requests")
        #expect(requests.count == 4)
        for index in requests.indices {
            let length = Int(try vectors.double("long_usernames", "requests", index, "username_length"))
            let username = String(repeating: "u", count: length)
            let pythonForm = try vectors.string("long_usernames", "requests", index, "python_create_request", "b64url")
            let pythonParse = try vectors.array("long_usernames", "requests", index, "python_wsgi_parse_request_of_it")
            let shortest = try vectors.string(
                "long_usernames", "requests", index, "shortest_form_request (str8 for 32..255, as crtauth-java packs)", "b64url")

            // Deviation from the reference: the Python client's str16 request is a v1 request for us …
            let ours = try CRTRequest.parse(headerValue: pythonForm)
            #expect(ours == CRTRequest(username: username, version: .v1))
            // … whereas the reference misread it as v0 whenever the username is 32 bytes or longer.
            let referenceVersion = try #require((pythonParse.last as? NSNumber)?.intValue)
            if length >= 32 {
                #expect(referenceVersion == 0)
                #expect(pythonParse.first as? String == pythonForm)
            } else {
                #expect(referenceVersion == 1)
            }
            // The shortest (str8) form parses as v1 in both, and is what our client writes.
            #expect(try CRTRequest.parse(headerValue: shortest) == CRTRequest(username: username, version: .v1))
            #expect(CRTRequest(username: username).armoured() == shortest)
        }
    }

    @Test("str32 usernames parse as v1")
    func str32() throws {
        let request = Base64URL.encode([0x01, 0x71, 0xdb, 0, 0, 0, 3, 0x61, 0x62, 0x63])
        #expect(try CRTRequest.parse(headerValue: request) == CRTRequest(username: "abc"))
        let short = Base64URL.encode([0x01, 0x71, 0xdb, 0, 0, 0, 9, 0x61, 0x62, 0x63])
        #expect(try CRTRequest.parse(headerValue: short).version == .v0)
    }

    @Test("a base64 error after step 1 is a malformed request, not v0")
    func base64ErrorIsMalformed() {
        #expect(throws: CRTAuthError.malformed("")) { try CRTRequest.parse(headerValue: "jo.doe") }
    }

    @Test("invalid UTF-8 in a v1 username is malformed")
    func invalidUTF8() {
        let request = Base64URL.encode([0x01, 0x71, 0xa2, 0xff, 0xfe])
        #expect(throws: CRTAuthError.malformed("")) { try CRTRequest.parse(headerValue: request) }
    }

    @Test("the fingerprint extension round-trips; other trailing bytes are ignored")
    func fingerprintExtension() throws {
        let digest = Array(SHA256.hash(data: Array("blob".utf8)))
        let request = CRTRequest(username: "alice", keyFingerprint: digest)
        let armoured = request.armoured()
        #expect(try CRTRequest.parse(headerValue: armoured) == request)
        #expect(CRTAuthClientLogic.makeRequest(username: "alice", keyFingerprint: digest) == armoured)
        // Trailing junk (another future field) is ignored, as Python does.
        let junk = Base64URL.encode(CRTRequest(username: "alice").serializedV1() + [0x01, 0xc4, 0x02])
        #expect(try CRTRequest.parse(headerValue: junk) == CRTRequest(username: "alice"))
        // A bin of the wrong length is not a fingerprint.
        let short = Base64URL.encode(CRTRequest(username: "alice").serializedV1() + [0xc4, 0x02, 0x01, 0x02])
        #expect(try CRTRequest.parse(headerValue: short).keyFingerprint == nil)
        // v0 requests never carry it.
        #expect(CRTAuthClientLogic.makeRequest(username: "alice", version: .v0, keyFingerprint: digest) == "alice")
    }

    @Test("OpenSSH SHA256 fingerprints convert to and from the 32 digest bytes")
    func openSSHFingerprint() throws {
        let digest = Array(SHA256.hash(data: Array("blob".utf8)))
        let request = CRTRequest(username: "alice", keyFingerprint: digest)
        let text = try #require(request.openSSHKeyFingerprint)
        #expect(text.hasPrefix("SHA256:"))
        #expect(!text.contains("-") && !text.contains("_") && !text.hasSuffix("="))
        #expect(try CRTRequest.sha256Digest(openSSHFingerprint: text) == digest)
        #expect(throws: CRTAuthError.malformed("")) { try CRTRequest.sha256Digest(openSSHFingerprint: "MD5:aa") }
        #expect(throws: CRTAuthError.malformed("")) { try CRTRequest.sha256Digest(openSSHFingerprint: "SHA256:abc") }
    }
}
