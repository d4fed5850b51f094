// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import LDAPClient

/// Checks each configured directory server on its own connection: a base search of
/// the root DSE, bounded by the operation timeout. Servers are checked concurrently,
/// so `/readyz` answers within one timeout however many servers are down.
final class LDAPDirectoryHealthProbe: DirectoryHealthProbe {
    private let clients: [(uri: String, client: LDAPConnectionPool)]

    /// One single-connection client per URI, with the service's TLS and bind settings.
    init(configuration: LDAPConfiguration) {
        clients = configuration.uris.map { uri in
            var single = configuration
            single.uris = [uri]
            single.poolSize = 1
            single.downRetryInterval = .zero
            // /readyz answers within a second whatever the directory does (a frozen server
            // accepts TCP and never answers): a check is a local round trip, not a query.
            single.connectTimeout = min(single.connectTimeout, Self.checkTimeout)
            single.operationTimeout = min(single.operationTimeout, Self.checkTimeout)
            return (uri, LDAPConnectionPool(configuration: single))
        }
    }

    /// The longest a server may take to connect, bind or answer a check.
    static let checkTimeout: Duration = .milliseconds(400)

    func check() async -> [DirectoryHealth] {
        await withTaskGroup(of: (Int, DirectoryHealth).self) { group in
            for (index, entry) in clients.enumerated() {
                group.addTask {
                    do {
                        _ = try await entry.client.search(base: "", scope: .base, attributes: ["1.1"])
                        return (index, DirectoryHealth(uri: entry.uri, up: true))
                    } catch {
                        return (index, DirectoryHealth(uri: entry.uri, up: false, error: "\(error)"))
                    }
                }
            }
            var results = [DirectoryHealth?](repeating: nil, count: clients.count)
            for await (index, health) in group { results[index] = health }
            return results.compactMap { $0 }
        }
    }

    func shutdown() async {
        for entry in clients { await entry.client.shutdown() }
    }
}
