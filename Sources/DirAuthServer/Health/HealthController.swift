import Hummingbird

/// `GET /healthz` (the process runs) and `GET /readyz` (this instance can answer).
///
/// `/readyz` answers `{"status": "ok" | "degraded" | "unavailable", "directories": [...], "cache": {...}}`:
/// - `ok` (200): every directory answers;
/// - `degraded` (200): some directory answers, or none does but the cache holds entries it
///   may still serve (stale-if-error): cached users keep logging in;
/// - `unavailable` (503): no directory answers and nothing is cached.
struct HealthController {
    let probe: any DirectoryHealthProbe
    var cache: (any CacheHealthProbe)? = nil

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        router.get("/healthz") { _, _ in
            Health(status: "ok")
        }
        router.get("/readyz") { _, _ -> EditedResponse<Readiness> in
            let readiness = Readiness(directories: await probe.check(), cache: await cache?.check())
            return EditedResponse(status: readiness.status == .unavailable ? .serviceUnavailable : .ok, response: readiness)
        }
    }

    struct Health: ResponseEncodable {
        var status: String
    }

    struct Readiness: ResponseEncodable {
        enum Status: String, Codable { case ok, degraded, unavailable }
        var status: Status
        var directories: [DirectoryHealth]
        var cache: CacheHealth?

        init(directories: [DirectoryHealth], cache: CacheHealth? = nil) {
            self.directories = directories
            self.cache = cache
            let up = directories.filter(\.up).count
            let cached = (cache?.entries ?? 0) > 0
            if up > 0 {
                status = up == directories.count ? .ok : .degraded
            } else {
                status = cached ? .degraded : .unavailable
            }
        }
    }
}
