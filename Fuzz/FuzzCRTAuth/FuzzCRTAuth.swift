// SPDX-License-Identifier: Apache-2.0
// Fuzzes every CRTAuth decoder that sees bytes from the network. The first input byte picks the
// decoder (modulo the count), the rest is the input. Each must never crash; where the format is
// canonical the round trip must be exact, elsewhere re-decoding the re-encoding must be stable.
//
//  0  Base64URL.decode (lenient), and decode(encode(bytes)) == bytes
//  1  CRTRequest.parse (`X-CHAP: request:`), v1 requests survive armoured() → parse
//  2  CRTChallenge(serialized:), v1 msgpack: serialized is the input, byte for byte
//  3  CRTToken(serialized:), v1 msgpack: serialized is the input, byte for byte
//  4  CRTResponse(serialized:), v1 msgpack: decode(encode(decode(x))) == decode(x)
//  5  CRTLegacyChallenge / Response / Token / VerifiablePayload (XDR), re-decode stable
//  6  CRTAuthorization.token(fromHeader:) (`Authorization: chap:`): trimmed, non-empty, a suffix
//  7  the server's armoured paths: openResponse (`X-CHAP: response:`) and validateToken
//  8  the client's openChallenge (`X-CHAP: challenge:`), and the agent signature blob
//  9  CRTRequest.sha256Digest(openSSHFingerprint:)

import CRTAuth
import Foundation
import FuzzSupport

let server = try! CRTAuthServer(serverNames: ["fuzz.example"], secrets: [Array(repeating: 7, count: 32)])
let validator = try! CRTTokenValidator(secrets: [Array(repeating: 7, count: 32)])
let now = Date(timeIntervalSince1970: 1_700_000_000)

func check(_ input: FuzzInput) {
    let bytes = input.payload
    switch input.selector % 10 {
    case 0:
        _ = try? Base64URL.decode(input.string)
        precondition(try! Base64URL.decode(Base64URL.encode(bytes)) == bytes, "base64url round trip")
    case 1:
        guard let request = try? CRTRequest.parse(headerValue: input.string) else { return }
        if request.version == .v1 {
            let again = try! CRTRequest.parse(headerValue: request.armoured())
            precondition(again == request, "request round trip")
        } else {
            precondition(request.username == input.string, "v0 request keeps the header value")
        }
    case 2:
        if let challenge = try? CRTChallenge(serialized: bytes) {
            precondition(challenge.serialized == bytes, "challenge round trip")
        }
    case 3:
        if let token = try? CRTToken(serialized: bytes) {
            precondition(token.serialized == bytes, "token round trip")
        }
    case 4:
        if let response = try? CRTResponse(serialized: bytes) {
            precondition(try! CRTResponse(serialized: response.serialized) == response, "response round trip")
        }
    case 5:
        if let value = try? CRTLegacyChallenge(serialized: bytes) {
            precondition(try! CRTLegacyChallenge(serialized: value.serialized) == value, "legacy challenge")
        }
        if let value = try? CRTLegacyResponse(serialized: bytes) {
            precondition(try! CRTLegacyResponse(serialized: value.serialized) == value, "legacy response")
        }
        if let value = try? CRTLegacyToken(serialized: bytes) {
            precondition(try! CRTLegacyToken(serialized: value.serialized) == value, "legacy token")
        }
        if let value = try? CRTLegacyVerifiablePayload(serialized: bytes) {
            precondition(try! CRTLegacyVerifiablePayload(serialized: value.serialized) == value, "legacy payload")
        }
    case 6:
        let header = input.string
        if let token = CRTAuthorization.token(fromHeader: header) {
            precondition(!token.isEmpty && header.dropFirst(5).contains(token), "token is part of the header")
            let edges = [token.utf8.first, token.utf8.last]
            precondition(!edges.contains(0x20) && !edges.contains(0x09), "token is trimmed")
            precondition(header.hasPrefix(CRTAuthorization.prefix), "only chap: headers")
        }
    case 7:
        _ = try? server.openResponse(input.string)
        _ = try? server.validateToken(input.string, now: now)
        _ = try? validator.validate(input.string, now: now)
    case 8:
        _ = try? CRTAuthClientLogic.openChallenge(input.string, expectedServerName: "fuzz.example")
        _ = CRTResponseSignature.fromAgentSignature(bytes)
    default:
        _ = try? CRTRequest.sha256Digest(openSSHFingerprint: input.string)
    }
}

fuzzMain { check(FuzzInput($0)) }
