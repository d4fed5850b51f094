// SPDX-License-Identifier: Apache-2.0
// A minimal crtauth server for client tests: `/_auth` over CRTAuth's pure server logic, and a
// protected `/whoami`, served on a real loopback socket.

import CRTAuth
import Foundation
import HTTPTypes
import Hummingbird
import SSHKeys
import Synchronization
import TestSupport

final class FakeCRTAuthServer: Sendable {
    let crtauth: CRTAuthServer
    let keys: [String: [SSHPublicKey]]
    let handshakes = Mutex(0)

    init(serverName: String = "127.0.0.1") throws {
        crtauth = try CRTAuthServer(serverNames: [serverName], secrets: [Array("fake-secret".utf8)])
        func key(_ name: String) throws -> SSHPublicKey {
            let text = try String(contentsOf: TestEnvironment.fixturesDirectory.appendingPathComponent("keys/\(name).pub"), encoding: .utf8)
            return try SSHPublicKey(openSSHLine: text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        keys = ["alice": [try key("alice_rsa"), try key("alice_ed25519")], "bob": [try key("bob_ed25519")]]
    }

    var handshakeCount: Int { handshakes.withLock { $0 } }

    func app() -> some ApplicationProtocol {
        let router = Router()
        router.get("/_auth") { request, _ -> Response in
            self.handshakes.withLock { $0 += 1 }
            guard let value = request.headers[HTTPField.Name("X-CHAP")!], let colon = value.firstIndex(of: ":") else {
                return Response(status: .badRequest)
            }
            let payload = String(value[value.index(after: colon)...])
            do {
                switch value[..<colon] {
                case "request":
                    let parsed = try CRTRequest.parse(headerValue: payload)
                    var rng = SystemRandomNumberGenerator()
                    let challenge = try self.crtauth.makeChallenge(
                        for: parsed, keys: self.keys[parsed.username], host: nil, now: Date(), using: &rng)
                    return Response(status: .ok, headers: [HTTPField.Name("X-CHAP")!: "challenge:" + challenge.challenge])
                case "response":
                    let pending = try self.crtauth.openResponse(payload)
                    let token = try pending.verify(keys: self.keys[pending.username], now: Date())
                    return Response(status: .ok, headers: [HTTPField.Name("X-CHAP")!: "token:" + token.token])
                default:
                    return Response(status: .badRequest)
                }
            } catch {
                return Response(status: .forbidden, body: .init(byteBuffer: ByteBuffer(string: "Failed to authenticate user")))
            }
        }
        router.get("/whoami") { request, _ -> Response in
            guard let header = request.headers[.authorization], header.hasPrefix("chap:"),
                let valid = try? self.crtauth.validateToken(String(header.dropFirst(5)), now: Date())
            else {
                return Response(status: .unauthorized, headers: [.wwwAuthenticate: "crtauth"])
            }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: valid.username)))
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }
}
