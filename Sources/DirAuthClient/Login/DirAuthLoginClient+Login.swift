// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §1:
//   C -> S  GET /_auth   X-CHAP: request:<request>      -> 200, X-CHAP: challenge:<challenge>
//   C: verify challenge.server_name == host it connected to; sign with the user's RSA key
//   C -> S  GET /_auth   X-CHAP: response:<response>    -> 200, X-CHAP: token:<token>  (or 403)
// §6.2: "both clients send SSH2_AGENTC_SIGN_REQUEST (13) with the ssh-rsa key blob, the data, and
// flags = 0, then require the returned signature blob's type to be exactly "ssh-rsa" and use its
// second string (the raw RSA signature)."
// §9.3 (requests-crtauth): "X-CHAP parsed as split(':', 1) with strip; status 4xx → error".
// PROTOCOL.md (dirauth extensions): a v1 request may end with the SHA-256 of the key blob (32 bytes);
// the challenge then names that key if the user has it; a non-RSA key answers with an SSH signature blob.

import CRTAuth
public import Foundation
public import SSHAgent
import SSHKeys

extension DirAuthLoginClient {
    /// Logs in at `url`'s origin `/_auth` and returns the session; stores it in the cache.
    ///
    /// Key choice, preferring keys the server knows:
    /// 1. a classic v1 request (no fingerprint), as every crtauth server understands: if the
    ///    challenge names an RSA key the agent holds, sign with it (`ssh-rsa`, raw signature);
    /// 2. otherwise, for each agent key (RSA first, then the others, in agent order), a request
    ///    naming the key's SHA-256 fingerprint (dirauth extension): when the challenge names that
    ///    key, sign with it and answer with the SSH signature blob (`rsa-sha2-256` for RSA);
    /// 3. otherwise fail with ``DirAuthClientError/Code/noUsableKey``, naming the fingerprint the
    ///    server asked for (for an unknown user it asks for a made-up one).
    ///
    /// Every challenge must carry the URL's host as its server name.
    /// - Parameters:
    ///   - url: Any URL of the server.
    ///   - user: The user to log in as.
    ///   - agent: The ssh-agent.
    /// - Returns: The token with its user, origin and expiry.
    /// - Throws: ``DirAuthClientError``, see ``login(url:user:agent:)``.
    public func authenticate(url: URL, user: String, agent: SSHAgentClient) async throws -> DirAuthSession {
        let origin = try ServerOrigin(url: url)
        guard !user.isEmpty else {
            throw DirAuthClientError.invalidArgument("the user name is empty")
        }
        let list: SSHAgentIdentityList
        do {
            list = try await agent.listIdentities()
        } catch let error as SSHAgentError {
            throw Self.mapped(error)
        }
        let keys = list.identities.map(\.publicKey)
        guard !keys.isEmpty else {
            let skipped = list.skipped.isEmpty ? "" : " (skipped: \(list.skipped.joined(separator: "; ")))"
            throw DirAuthClientError.noUsableKey(
                "ssh-agent holds no usable key\(skipped); add yours with `ssh-add <private key file>`")
        }

        // 1. Classic crtauth: the server picks the user's (first) RSA key.
        let classic = try await challenge(origin: origin, user: user, keyFingerprint: nil)
        if let key = keys.first(where: { $0.type == .rsa && $0.crtauthFingerprint == classic.keyFingerprint }) {
            let signature = try await sign(classic.dataToSign, key: key, algorithm: .sshRSA, agent: agent)
            return try await redeem(classic, signature: .rawRSA(signature.rawSignature), origin: origin, user: user)
        }

        // 2. dirauth extension: name each key in turn; RSA keys first.
        let ordered = keys.filter { $0.type == .rsa } + keys.filter { $0.type != .rsa }
        for key in ordered {
            let digest: [UInt8]
            do {
                digest = try CRTRequest.sha256Digest(openSSHFingerprint: key.sha256Fingerprint)
            } catch {
                continue
            }
            let challenge = try await challenge(origin: origin, user: user, keyFingerprint: digest)
            guard challenge.keyFingerprint == key.crtauthFingerprint else { continue }
            let algorithm: SSHSignatureAlgorithm = key.type == .rsa ? .rsaSHA256 : SSHSignatureAlgorithm(keyType: key.type)
            let signature = try await sign(challenge.dataToSign, key: key, algorithm: algorithm, agent: agent)
            return try await redeem(challenge, signature: .sshSignature(signature.blob), origin: origin, user: user)
        }

        // 3. Nothing fits.
        let held = keys.map { "\($0.type.rawValue) \($0.sha256Fingerprint) (crtauth \(Self.hex($0.crtauthFingerprint)))" }
        throw DirAuthClientError.noUsableKey(
            "ssh-agent has no key \(origin) accepts for \"\(user)\": the server asked for the key with crtauth fingerprint "
                + "\(Self.hex(classic.keyFingerprint)), and none of the agent's keys [\(held.joined(separator: ", "))] is known to it. "
                + "Add the right key with `ssh-add`, or check the user name: the user may be unknown to the server.")
    }

    /// Sends `X-CHAP: request:` and opens the challenge.
    func challenge(origin: ServerOrigin, user: String, keyFingerprint: [UInt8]?) async throws -> CRTClientChallenge {
        let request = CRTAuthClientLogic.makeRequest(username: user, version: .v1, keyFingerprint: keyFingerprint)
        let value = try await handshake(origin: origin, header: "request:" + request, expecting: "challenge", step: "challenge request")
        do {
            return try CRTAuthClientLogic.openChallenge(value, expectedServerName: origin.expectedServerName)
        } catch let error as CRTAuthError where error.kind == .serverNameMismatch {
            throw DirAuthClientError.serverNameMismatch(
                "refusing to sign: \(error.reason); the server at \(origin) must be configured with the name \"\(origin.host)\" (or you reached another server)")
        } catch let error as CRTAuthError {
            throw DirAuthClientError.invalidResponse("\(origin.authURL) sent an unreadable challenge: \(error.reason)")
        }
    }

    /// Sends `X-CHAP: response:` and returns the session.
    func redeem(_ challenge: CRTClientChallenge, signature: CRTResponseSignature, origin: ServerOrigin, user: String) async throws -> DirAuthSession {
        let response = CRTAuthClientLogic.makeResponse(to: challenge, signature: signature)
        let token = try await handshake(origin: origin, header: "response:" + response, expecting: "token", step: "signed response")
        let session = DirAuthSession(
            origin: origin.description, username: user, token: token,
            expiresAt: TokenExpiry.expiry(of: token, issuedAt: now()))
        try cache?.store(session)
        return session
    }

    /// One `/_auth` exchange: sends `X-CHAP: <header>`, expects `X-CHAP: <kind>:<value>`.
    func handshake(origin: ServerOrigin, header: String, expecting kind: String, step: String) async throws -> String {
        let reply = try await http.send(method: "GET", url: origin.authURL, headers: [("X-CHAP", header)])
        switch reply.status {
        case 200..<300: break
        case 401, 403:
            let text = reply.shortText()
            throw DirAuthClientError.refused(
                "\(origin) refused the \(step) (\(reply.status)\(text.isEmpty ? "" : ": \(text)")); the user may be unknown or the key not registered")
        case 404:
            throw DirAuthClientError.refused("\(origin.authURL) does not exist (404): is this a crtauth/dirauth server?")
        default:
            let text = reply.shortText()
            throw DirAuthClientError.refused("\(origin) rejected the \(step) (\(reply.status)\(text.isEmpty ? "" : ": \(text)"))")
        }
        guard let value = reply.header("X-CHAP") else {
            throw DirAuthClientError.invalidResponse("\(origin.authURL) answered \(reply.status) without an X-CHAP header")
        }
        guard let colon = value.firstIndex(of: ":"),
            value[..<colon].trimmingCharacters(in: .whitespaces) == kind
        else {
            throw DirAuthClientError.invalidResponse("\(origin.authURL) answered with X-CHAP \"\(value.prefix { $0 != ":" })\", expected \(kind)")
        }
        return value[value.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    func sign(_ data: [UInt8], key: SSHPublicKey, algorithm: SSHSignatureAlgorithm, agent: SSHAgentClient) async throws -> SSHSignature {
        do {
            return try await agent.sign(data, with: key, algorithm: algorithm)
        } catch let error as SSHAgentError {
            throw Self.mapped(error)
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
