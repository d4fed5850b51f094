import Hummingbird

/// `GET /healthz` (the process runs) and `GET /readyz` (this instance can answer).
///
/// `/readyz` answers `{"status": "ok" | "degraded" | "unavailable", "directories": [...]}`:
/// `ok` (200) when every directory answers, `degraded` (200) when at least one does,
/// `unavailable` (503) when none does.
struct HealthController {
    let probe: any DirectoryHealthProbe

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        router.get("/healthz") { _, _ in
            Health(status: "ok")
        }
        router.get("/readyz") { _, _ -> EditedResponse<Readiness> in
            let readiness = Readiness(directories: await probe.check())
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

        init(directories: [DirectoryHealth]) {
            self.directories = directories
            let up = directories.filter(\.up).count
            status = up == directories.count && up > 0 ? .ok : up > 0 ? .degraded : .unavailable
        }
    }
}
