// SPDX-License-Identifier: Apache-2.0
// An authenticated request: `Authorization: chap:<token>` (crtauth-protocol.md §1), with one fresh
// login when the server answers 401 (requests-crtauth: "on any 401, … re-sends the original request").

public import Foundation
public import SSHAgent

extension DirAuthLoginClient {
    /// Sends a request with a token for `user` (cached, or a fresh login); on 401, logs in once
    /// more and retries.
    /// - Parameters:
    ///   - url: The URL to call.
    ///   - method: The HTTP method (default `GET`).
    ///   - headers: Extra request headers.
    ///   - body: The request body, or `nil`.
    ///   - user: The user.
    ///   - agent: The ssh-agent (asked only when a login is needed).
    /// - Returns: The reply, whatever its status (401 only when the fresh token was refused too; 5xx are thrown).
    /// - Throws: ``DirAuthClientError`` from the login; `unreachable` / `serverError` from the request.
    public func request(
        url: URL, method: String = "GET", headers: [(String, String)] = [], body: [UInt8]? = nil,
        user: String, agent: @autoclosure () throws -> SSHAgentClient
    ) async throws -> HTTPReply {
        var session = try await self.session(url: url, user: user, agent: try agent())
        var fresh = false
        while true {
            let reply = try await http.send(
                method: method, url: url.absoluteString,
                headers: headers + [("Authorization", session.authorizationHeader)], body: body)
            guard reply.status == 401, !fresh else { return reply }
            forget(url: url, user: user)
            let agentClient: SSHAgentClient
            do {
                agentClient = try agent()
            } catch let error as SSHAgentError {
                throw Self.mapped(error)
            }
            session = try await authenticate(url: url, user: user, agent: agentClient)
            fresh = true
        }
    }
}
