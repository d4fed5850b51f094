// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import Hummingbird

/// `GET /healthz` (the process runs: ``HealthStatus``) and `GET /readyz` (this instance can
/// answer: ``Readiness``, 503 when it cannot).
struct HealthController {
    let probe: any DirectoryHealthProbe
    var cache: (any CacheHealthProbe)? = nil

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        router.get("/healthz") { _, _ in
            HealthStatus()
        }
        router.get("/readyz") { _, _ -> EditedResponse<Readiness> in
            let readiness = Readiness(directories: await probe.check(), cache: await cache?.check())
            return EditedResponse(status: readiness.status == .unavailable ? .serviceUnavailable : .ok, response: readiness)
        }
    }
}
