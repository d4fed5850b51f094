public import Hummingbird
public import Logging

/// Builds dirauthd's HTTP application: the composition root of the HTTP edge.
///
/// - Parameters:
///   - configuration: The validated settings.
///   - services: The directory-backed ports (LDAP in production, in-memory in tests).
///   - logger: The server's logger.
/// - Returns: An application ready to `runService()`, or to test with `app.test(.router)`.
public func buildApplication(
    configuration: DirAuthConfiguration,
    services: DirAuthServices,
    logger: Logger
) -> some ApplicationProtocol {
    let router = Router(context: BasicRequestContext.self)
    HealthController(probe: services.health).addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.listenHost, port: configuration.listenPort), serverName: "dirauthd"),
        logger: logger
    )
}
