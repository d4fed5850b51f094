// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import Hummingbird

/// `GET /healthz` (the process runs: ``HealthStatus``) and `GET /readyz` (this instance can
/// answer: ``Readiness``, 503 when it cannot), and `HEAD` of both.
struct HealthController {
    let probe: any DirectoryHealthProbe
    var cache: (any CacheHealthProbe)? = nil

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        router.get("/healthz") { _, _ in
            HealthStatus()
        }
        router.get("/readyz") { _, _ -> EditedResponse<Readiness> in
            let readiness = await readiness()
            return EditedResponse(status: Self.status(of: readiness), response: readiness)
        }
        // Load balancers probe with HEAD: the same status, no body.
        router.head("/healthz") { _, _ in HTTPResponse.Status.ok }
        router.head("/readyz") { _, _ in Self.status(of: await readiness()) }
    }

    private func readiness() async -> Readiness {
        Readiness(directories: await probe.check(), cache: await cache?.check())
    }

    private static func status(of readiness: Readiness) -> HTTPResponse.Status {
        readiness.status == .unavailable ? .serviceUnavailable : .ok
    }
}
