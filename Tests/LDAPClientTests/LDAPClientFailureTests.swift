// SPDX-License-Identifier: Apache-2.0

// LDAPConnectionPool against private slapd instances that the tests freeze with SIGSTOP.
import Foundation
import LDAPClient
import Testing
import TestSupport

@Suite("LDAPConnectionPool with a hung server", .serialized)
struct LDAPClientFailureTests {
    /// Room for scheduling and process start-up on a busy 2-core machine; the
    /// bound itself is the configured timeout.
    static let margin: Duration = .milliseconds(1500)

    @Test("a SIGSTOPped slapd fails a search within the operation timeout, and it works again after SIGCONT")
    func stoppedServer() async throws {
        try await ThrowawayDirectory.with(name: "ldapclient-stopped") { slapd in
            let directory = try DirectoryClients(environment: slapd.environment)
            let timeout: Duration = .seconds(2)
            let configuration = directory.configuration(operationTimeout: timeout, downRetryInterval: .seconds(1))
            try await directory.with(configuration) { (client: LDAPConnectionPool) async throws in
                let people = directory.peopleBase
                // Warm the pool: the next search reuses an established, bound connection.
                #expect(try await client.search(base: people, filter: .equal("uid", "alice")).count == 1)

                try await pauseAndWait(slapd)
                let (elapsed, result) = await timed { try await client.search(base: people, filter: .equal("uid", "bob")) }
                let error = try #require(throws: LDAPError.self) { try result.get() }
                #expect([.timeout, .serverDown].contains(error.code))
                #expect(elapsed < timeout + Self.margin, "search took \(elapsed)")
                #expect(client.serverStates.map(\.isUp) == [false])

                // A new connection to the stopped server: TCP connects (the kernel
                // accepts), the bind gets no answer, and the bind's timeout holds.
                let (bindElapsed, bindResult) = await timed { try await client.whoAmI() }
                let bindError = try #require(throws: LDAPError.self) { try bindResult.get() }
                #expect([.timeout, .serverDown].contains(bindError.code))
                #expect(bindElapsed < timeout + Self.margin, "bind took \(bindElapsed)")

                // Marked down after a timeout: until the retry interval has passed, requests fail at
                // once instead of queueing behind a server that does not answer.
                let (fastElapsed, fastResult) = await timed { try await client.search(base: people, filter: .equal("uid", "carol")) }
                #expect((try? fastResult.get()) == nil)
                #expect(fastElapsed < .milliseconds(200), "a request to a server marked down took \(fastElapsed)")

                try slapd.resume()
                try await Task.sleep(for: .milliseconds(1100))
                #expect(try await client.search(base: people, filter: .equal("uid", "bob")).count == 1)
                #expect(client.serverStates.map(\.isUp) == [true])
            }
        }
    }

    @Test("operations hanging on a stopped slapd leave Swift's cooperative pool free")
    func cooperativePoolStaysFree() async throws {
        try await ThrowawayDirectory.with(name: "ldapclient-coop") { slapd in
            let directory = try DirectoryClients(environment: slapd.environment)
            let timeout: Duration = .seconds(3)
            // More hanging operations than this machine has cores (and cooperative threads).
            let hanging = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)
            let configuration = directory.configuration(operationTimeout: timeout, downRetryInterval: .milliseconds(300), poolSize: hanging)
            try await directory.with(configuration) { (client: LDAPConnectionPool) async throws in
                let people = directory.peopleBase
                #expect(try await client.search(base: people, filter: .equal("uid", "alice")).count == 1)
                try await pauseAndWait(slapd)
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<hanging {
                        group.addTask {
                            do {
                                _ = try await client.search(base: people, filter: .equal("uid", "bob"))
                                return false
                            } catch let error as LDAPError {
                                return [.timeout, .serverDown].contains(error.code)
                            }
                        }
                    }
                    // While they all wait for slapd, other async work keeps running:
                    // 20 short sleeps finish long before the operations time out.
                    let (elapsed, _) = await timed {
                        for _ in 0..<20 { try await Task.sleep(for: .milliseconds(10)) }
                    }
                    #expect(elapsed < timeout / 2, "cooperative work was delayed by \(elapsed)")
                    let failures = try await group.reduce(into: [Bool]()) { $0.append($1) }
                    #expect(failures == Array(repeating: true, count: hanging))
                }
                try slapd.resume()
                try await Task.sleep(for: .milliseconds(400))
                #expect(try await client.search(base: people, filter: .equal("uid", "bob")).count == 1)
            }
        }
    }

    @Test("under a steady stream of requests to a SIGSTOPped slapd, none waits longer than the operation timeout")
    func noQueueing() async throws {
        try await ThrowawayDirectory.with(name: "ldapclient-queue") { slapd in
            let directory = try DirectoryClients(environment: slapd.environment)
            let timeout: Duration = .seconds(1)
            // Few connections, many requests: without deadlines the later ones would queue behind the hung ones.
            let configuration = directory.configuration(operationTimeout: timeout, downRetryInterval: .seconds(30), poolSize: 2)
            try await directory.with(configuration) { (client: LDAPConnectionPool) async throws in
                let people = directory.peopleBase
                #expect(try await client.search(base: people, filter: .equal("uid", "alice")).count == 1)
                try await pauseAndWait(slapd)
                // A stream over 2 s: (start offset, wait) of each request.
                let waits = try await withThrowingTaskGroup(of: (Duration, Duration).self) { group in
                    for index in 0..<40 {
                        group.addTask {
                            let offset = Duration.milliseconds(50 * index)
                            try await Task.sleep(for: offset)
                            let (elapsed, result) = await timed { try await client.search(base: people, filter: .equal("uid", "bob")) }
                            #expect((try? result.get()) == nil)
                            return (offset, elapsed)
                        }
                    }
                    return try await group.reduce(into: [(Duration, Duration)]()) { $0.append($1) }
                }
                let longest = waits.map(\.1).max() ?? .zero
                print("ldapclient: longest wait under a frozen slapd \(longest.formatted(.units(allowed: [.milliseconds])))")
                #expect(longest < timeout + Self.margin, "a request waited \(longest)")
                // Once the first operations have timed out and marked the server down, requests fail at once.
                let later = waits.filter { $0.0 >= timeout + .milliseconds(300) }.map(\.1)
                #expect(!later.isEmpty && later.allSatisfy { $0 < .milliseconds(200) }, "after the first timeouts: \(later)")
                try slapd.resume()
            }
        }
    }

    @Test("the TLS handshake with a SIGSTOPped slapd (ldaps://) is cut off by the watchdog")
    func stoppedServerTLS() async throws {
        try await ThrowawayDirectory.with(name: "ldapclient-stopped-tls") { slapd in
            let directory = try DirectoryClients(environment: slapd.environment)
            let timeout: Duration = .seconds(1)
            let configuration = directory.configuration(
                uris: [directory.ldapsURI], tls: LDAPTLSConfiguration(caFile: directory.caFile), operationTimeout: timeout)
            try await directory.with(configuration) { (client: LDAPConnectionPool) async throws in
                #expect(try await client.whoAmI().hasPrefix("dn:"))
                try await pauseAndWait(slapd)
                // Fresh client: its first connection must do the handshake against the frozen server.
                try await directory.with(configuration) { (fresh: LDAPConnectionPool) async throws in
                    let (elapsed, result) = await timed { try await fresh.whoAmI() }
                    let error = try #require(throws: LDAPError.self) { try result.get() }
                    #expect([.timeout, .serverDown, .connectError].contains(error.code))
                    // connect timeout (2 s) + operation timeout + watchdog grace.
                    #expect(elapsed < .seconds(2) + timeout + Self.margin, "handshake took \(elapsed)")
                }
                try slapd.resume()
                #expect(try await client.whoAmI().hasPrefix("dn:"))
            }
        }
    }

    @Test("server states show a stopped server down and recover after downRetryInterval")
    func statesRecover() async throws {
        try await ThrowawayDirectory.with(name: "ldapclient-recover") { slapd in
            let directory = try DirectoryClients(environment: slapd.environment)
            let retry: Duration = .seconds(1)
            let configuration = directory.configuration(operationTimeout: .seconds(1), downRetryInterval: retry)
            try await directory.with(configuration) { (client: LDAPConnectionPool) async throws in
                #expect(try await client.whoAmI().hasPrefix("dn:"))
                try await pauseAndWait(slapd)
                await #expect(throws: LDAPError.self) { try await client.whoAmI() }
                let down = try #require(client.serverStates.first)
                #expect(!down.isUp)
                #expect(down.lastError?.isEmpty == false)
                // Still down before the interval: a probe does not retry it yet.
                #expect(await client.checkServers().map(\.isUp) == [false])

                try slapd.resume()
                try await Task.sleep(for: retry + .milliseconds(200))
                #expect(await client.checkServers() == [LDAPServerState(uri: directory.uri, isUp: true, lastError: nil)])
                #expect(try await client.whoAmI().hasPrefix("dn:"))
            }
        }
    }

    @Test("a restarted slapd is reconnected transparently for reads")
    func restartedServer() async throws {
        let slapd = try await ThrowawayDirectory.start(name: "ldapclient-restart")
        do {
            let directory = try DirectoryClients(environment: slapd.environment)
            try await directory.with(directory.configuration()) { (client: LDAPConnectionPool) async throws in
                let people = directory.peopleBase
                #expect(try await client.search(base: people, filter: .equal("uid", "alice")).count == 1)
                try await slapd.kill()
                try await slapd.restart()
                // The pooled connection is broken; the read is retried on a fresh one.
                #expect(try await client.search(base: people, filter: .equal("uid", "alice")).count == 1)
                #expect(client.serverStates.map(\.isUp) == [true])
            }
        } catch {
            try? await slapd.stop()
            throw error
        }
        try await slapd.stop()
    }
}
