// SPDX-License-Identifier: Apache-2.0

// Clients for the test directories, built from a directory.env.
import Foundation
import LDAPClient
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Builds configured clients for one test directory and shuts them down afterwards.
struct DirectoryClients {
    let environment: DirectoryEnvironment
    let uri: String
    let ldapsURI: String
    let ldapiURI: String
    let caFile: String
    let wrongCAFile: String
    let peopleBase: String
    let baseDN: String
    let serviceDN: String
    let serviceBind: LDAPBind
    let adminBind: LDAPBind

    /// Reads the settings; a missing key fails the test with its name.
    init(environment: DirectoryEnvironment) throws {
        self.environment = environment
        uri = try environment.require("DIRAUTH_LDAP_URI")
        ldapsURI = try environment.require("LDAPS_URI")
        ldapiURI = try environment.require("LDAPI_URI")
        caFile = try environment.require("DIRAUTH_LDAP_CA_FILE")
        wrongCAFile = try environment.require("LDAP_WRONG_CA_FILE")
        peopleBase = try environment.require("DIRAUTH_LDAP_PEOPLE_BASE")
        baseDN = try environment.require("DIRAUTH_LDAP_BASE_DN")
        serviceDN = try environment.require("DIRAUTH_LDAP_BIND_DN")
        serviceBind = .simple(dn: serviceDN, password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD"))
        adminBind = .simple(
            dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD"))
    }

    /// The shared directory `make test` started (a missing one fails the test).
    static func shared() throws -> DirectoryClients {
        try DirectoryClients(environment: try TestEnvironment.directory())
    }

    /// A configuration with short timeouts, so failing tests fail fast.
    func configuration(
        uris: [String]? = nil, bind: LDAPBind? = nil, tls: LDAPTLSConfiguration = LDAPTLSConfiguration(),
        operationTimeout: Duration = .seconds(5), downRetryInterval: Duration = .seconds(10), poolSize: Int = 2
    ) -> LDAPConfiguration {
        LDAPConfiguration(
            uris: uris ?? [uri], bind: bind ?? serviceBind, tls: tls,
            connectTimeout: .seconds(2), operationTimeout: operationTimeout, poolSize: poolSize,
            downRetryInterval: downRetryInterval)
    }

    /// Runs `body` with a client and always shuts it down.
    @discardableResult
    func with<T>(_ configuration: LDAPConfiguration, _ body: (LDAPConnectionPool) async throws -> T) async throws -> T {
        let client = LDAPConnectionPool(configuration: configuration)
        do {
            let value = try await body(client)
            await client.shutdown()
            return value
        } catch {
            await client.shutdown()
            throw error
        }
    }
}

/// A loopback TCP port with no listener: connecting to it is refused at once.
func closedPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw TestEnvironmentError("socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard bound == 0, named == 0 else { throw TestEnvironmentError("binding a free port failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Runs `body` and returns how long it took, with its result or error.
func timed<T>(_ body: () async throws -> T) async -> (Duration, Result<T, any Error>) {
    let clock = ContinuousClock()
    let start = clock.now
    let result: Result<T, any Error>
    do { result = .success(try await body()) } catch { result = .failure(error) }
    return (clock.now - start, result)
}

/// Sends SIGSTOP through `directory` and waits until the kernel shows slapd stopped
/// (state `T` in /proc), so no request sent afterwards can still be answered.
func pauseAndWait(_ directory: ThrowawayDirectory) async throws {
    try directory.pause()
    for _ in 0..<500 {
        let stat = (try? String(contentsOfFile: "/proc/\(directory.pid)/stat", encoding: .utf8)) ?? ""
        if let close = stat.lastIndex(of: ")"),
            stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first == "T"
        {
            return
        }
        try await Task.sleep(for: .milliseconds(2))
    }
    throw TestEnvironmentError("slapd (pid \(directory.pid)) did not stop after SIGSTOP")
}
