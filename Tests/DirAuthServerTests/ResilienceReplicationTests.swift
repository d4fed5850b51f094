// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two mirror-mode providers (`scripts/replicated-directory.sh`) and dirauthd configured
/// with both URIs: killing either provider fails no read.
@Suite("Resilience: failover between replicating providers (slapd)", .serialized)
struct ResilienceReplicationTests {
    static let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/replicated-directory.sh").path

    @Test("killing either of two replicating providers fails no read request (uncached lookups)")
    func failover() async throws {
        let runDirectory = TestEnvironment.runDirectory.appendingPathComponent("resilience-replicated", isDirectory: true)
        try? FileManager.default.removeItem(at: runDirectory)
        let port = try Self.freePorts(4)
        let environment = ["DIRAUTH_RUN_DIR": runDirectory.path, "LDAP_PORT": "\(port)", "LDAP_PORT_2": "\(port + 2)"]
        try Self.run(Self.script, ["start"], environment: environment)
        do {
            try await failover(runDirectory: runDirectory, environment: environment)
        } catch {
            try? Self.run(Self.script, ["stop"], environment: environment)
            throw error
        }
        try Self.run(Self.script, ["stop"], environment: environment)
    }

    func failover(runDirectory: URL, environment: [String: String]) async throws {
        let settings = EnvFile.parse(try String(contentsOf: runDirectory.appendingPathComponent("replicated.env"), encoding: .utf8))
        let uris = try #require(settings["DIRAUTH_LDAP_URI"]).split(separator: " ").map(String.init)
        #expect(uris.count == 2)
        var cache = ResilienceHarness.cacheSettings(ttl: .seconds(600))
        cache.enabled = false
        let harness = try ResilienceHarness(
            bindDN: try #require(settings["DIRAUTH_LDAP_BIND_DN"]), password: try #require(settings["DIRAUTH_LDAP_BIND_PASSWORD"]),
            baseDN: try #require(settings["DIRAUTH_LDAP_BASE_DN"]), uris: uris, cache: cache
        )
        let providers = [
            (dir: try #require(settings["PROVIDER1_RUN_DIR"]), port: Int(environment["LDAP_PORT"] ?? "") ?? 0),
            (dir: try #require(settings["PROVIDER2_RUN_DIR"]), port: Int(environment["LDAP_PORT_2"] ?? "") ?? 0),
        ]
        try await harness.test { client in
            var reads = 0
            var failures: [String] = []
            func readAll() async throws {
                for user in ["alice", "bob", "carol"] {
                    let result = try await ResilienceHarness.challenge(client, user)
                    reads += 1
                    if result.status != 200 { failures.append("\(user): \(result.status) \(result.body)") }
                }
            }
            try await readAll()
            for (index, provider) in providers.enumerated() {
                let pidText = try String(contentsOfFile: provider.dir + "/slapd/slapd.pid", encoding: .utf8)
                let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
                #expect(kill(pid, SIGKILL) == 0)
                while kill(pid, 0) == 0 { try await Task.sleep(for: .milliseconds(10)) }
                // Reads while the provider is dead: every one must succeed on the other.
                for _ in 0..<10 { try await readAll() }
                try Self.run(
                    TestEnvironment.repositoryRoot.appendingPathComponent("scripts/directory.sh").path, ["start"],
                    environment: ["DIRAUTH_RUN_DIR": provider.dir, "LDAP_PORT": "\(provider.port)", "LDAPS_PORT": "\(provider.port + 1)"]
                )
                for _ in 0..<5 { try await readAll() }
                print("resilience: provider \(index + 1) killed and restarted; \(reads) reads so far, \(failures.count) failed")
            }
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    /// A port such that `port ..< port + count` are all free on 127.0.0.1.
    static func freePorts(_ count: Int) throws -> Int {
        for _ in 0..<200 {
            let base = Int.random(in: 20_000...60_000)
            if (base..<base + count).allSatisfy(isFree) { return base }
        }
        throw TestEnvironmentError("no \(count) consecutive free ports")
    }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Runs a script and fails with its output when it exits non-zero.
    static func run(_ path: String, _ arguments: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestEnvironmentError("\(path) \(arguments.joined(separator: " ")) failed: \(String(decoding: data, as: UTF8.self))")
        }
    }
}
