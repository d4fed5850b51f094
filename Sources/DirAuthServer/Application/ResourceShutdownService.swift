// SPDX-License-Identifier: Apache-2.0

public import ServiceLifecycle

/// Closes long-lived resources (the LDAP connection pool, the health probes' connections) when
/// the service group shuts down, after the HTTP server has stopped taking requests.
///
/// The service group shuts services down in reverse order, so one registered before the HTTP
/// server (as `Application`'s `services` are) closes its resources once requests have drained.
public struct ResourceShutdownService: Service {
    /// What to close, with a name for the log.
    let resources: [(name: String, shutdown: @Sendable () async -> Void)]

    /// Creates the service.
    /// - Parameter resources: Each resource's name and how to close it, in closing order.
    public init(_ resources: [(name: String, shutdown: @Sendable () async -> Void)]) {
        self.resources = resources
    }

    /// Waits for graceful shutdown (or cancellation), then closes every resource.
    public func run() async throws {
        try? await gracefulShutdown()
        for resource in resources {
            await resource.shutdown()
        }
    }
}

extension ResourceShutdownService: CustomStringConvertible {
    /// The resources it closes, for the service group's log lines.
    public var description: String { "ResourceShutdownService(" + resources.map(\.name).joined(separator: ", ") + ")" }
}
