// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import DirAuthClient
import Foundation
import SSHAgent
import SSHKeys

/// `dirauth keys`: the agent's keys with both fingerprints.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "List the keys in ssh-agent with their OpenSSH SHA256 and crtauth fingerprints.",
        discussion: """
            One line per key: type (and RSA size), SHA256 fingerprint (as ssh-keygen -l shows), crtauth fingerprint (the 6 bytes crtauth challenges name, in hex), comment. Keys dirauth cannot use are listed on stderr with the reason.
            """
    )

    func run() async throws {
        let agent: SSHAgentClient
        let list: SSHAgentIdentityList
        do {
            agent = try ClientOptions.agent()
            list = try await agent.listIdentities()
        } catch let error as SSHAgentError {
            throw CLIFailure(exitCode: ExitStatus.refused, error.message)
        }
        for identity in list.identities {
            print(Self.line(for: identity.publicKey, comment: identity.comment))
        }
        for skipped in list.skipped {
            Output.error("skipped: \(skipped)")
        }
        if list.identities.isEmpty {
            throw CLIFailure(exitCode: ExitStatus.refused, "ssh-agent holds no usable key; add one with `ssh-add <private key file>`")
        }
    }

    static func line(for key: SSHPublicKey, comment: String) -> String {
        let bits = key.rsaModulusByteCount.map { " \($0 * 8)" } ?? ""
        let crtauth = key.crtauthFingerprint.map { String(format: "%02x", $0) }.joined()
        return "\(key.type.rawValue)\(bits) \(key.sha256Fingerprint) crtauth:\(crtauth) \(comment)"
    }
}
