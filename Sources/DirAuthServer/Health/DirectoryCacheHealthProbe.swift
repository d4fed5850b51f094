import Directory
import LDAPClient

/// Reports what the directory caches hold and the change feed's state.
struct DirectoryCacheHealthProbe: CacheHealthProbe {
    let invalidator: DirectoryCacheInvalidator
    let consumer: LDAPSyncConsumer?

    func check() async -> CacheHealth {
        let feed = consumer.map { consumer in
            let state = consumer.state
            return CacheHealth.ChangeFeed(
                connected: state.isConnected, uri: state.uri, lastEvent: state.lastEventAt,
                error: state.isConnected ? nil : state.lastError
            )
        }
        return CacheHealth(entries: await invalidator.servableEntryCount(), changeFeed: feed)
    }
}
