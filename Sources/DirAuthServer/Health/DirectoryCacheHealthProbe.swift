// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import Directory
import LDAPClient

/// Reports what the directory caches hold and the change feed's state.
struct DirectoryCacheHealthProbe: CacheHealthProbe {
    let invalidator: DirectoryCacheInvalidator
    let synchronizer: DirectoryCacheSynchronizer?

    func check() async -> CacheHealth {
        let feed = synchronizer.map { synchronizer in
            let state = synchronizer.consumer.state
            // Connected once a session is up and a refresh has been applied to the caches:
            // before that the caches may still be emptied by the first synchronisation.
            return CacheHealth.ChangeFeed(
                connected: state.isConnected && synchronizer.synchronizations > 0, uri: state.uri, lastEvent: state.lastEventAt,
                error: state.isConnected ? nil : state.lastError
            )
        }
        return CacheHealth(entries: await invalidator.servableEntryCount(), changeFeed: feed)
    }
}
