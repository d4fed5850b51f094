// SPDX-License-Identifier: Apache-2.0

public import Directory
public import ServiceLifecycle

/// Runs the RFC 4533 change feed beside the HTTP server and stops it on graceful shutdown.
public struct DirectoryChangeFeedService: Service {
    let synchronizer: DirectoryCacheSynchronizer

    /// Wraps a synchronizer.
    /// - Parameter synchronizer: The feed and the caches it keeps right.
    public init(synchronizer: DirectoryCacheSynchronizer) {
        self.synchronizer = synchronizer
    }

    /// Applies changes until the service group shuts down (or the task is cancelled).
    public func run() async throws {
        let synchronizer = self.synchronizer
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await synchronizer.run()
            } onCancel: {
                Task { await synchronizer.stop() }
            }
        } onGracefulShutdown: {
            Task { await synchronizer.stop() }
        }
    }
}

extension DirectoryChangeFeedService: CustomStringConvertible {
    /// A short name for the service group's log lines.
    public var description: String { "DirectoryChangeFeedService" }
}
