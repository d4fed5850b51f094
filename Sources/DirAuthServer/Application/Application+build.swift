import CRTAuth
public import Hummingbird
public import Logging

/// Builds dirauthd's HTTP application: the composition root of the HTTP edge.
///
/// - Parameters:
///   - configuration: The validated settings.
///   - services: The directory-backed ports (LDAP in production, in-memory in tests).
///   - logger: The server's logger.
/// - Returns: An application ready to `runService()`, or to test with `app.test(.router)`.
/// - Throws: ``ConfigurationError`` when the crtauth settings are inconsistent.
public func buildApplication(
    configuration: DirAuthConfiguration,
    services: DirAuthServices,
    logger: Logger
) throws -> some ApplicationProtocol {
    let crtauth: CRTAuthServer
    do {
        crtauth = try CRTAuthServer(
            serverNames: configuration.serverNames,
            secrets: configuration.secrets,
            tokenLifetime: configuration.tokenLifetime,
            tokenFormat: configuration.tokenFormat == .legacy ? .legacy : .v1
        )
    } catch let error as CRTAuthError {
        throw ConfigurationError(setting: "DIRAUTH_SERVER_NAME / DIRAUTH_TOKEN_LIFETIME", problem: error.reason)
    }
    let login = LoginService(crtauth: crtauth, keys: services.keys, now: services.now, logger: logger)

    let router = Router(context: DirAuthRequestContext.self)
    router.add(middleware: CRTAuthHandshakeMiddleware(login: login))
    HealthController(probe: services.health, cache: services.cache).addRoutes(to: router)
    LoginController(login: login).addRoutes(to: router)
    let otp = OTPController(
        authenticator: OTPAuthenticator(
            store: services.otpEntries, settings: configuration.otp, tracker: OTPFailureTracker(), now: services.now, logger: logger
        ),
        memberships: services.memberships,
        logger: logger
    )
    otp.addRoutes(to: router)
    VerifyTokenController(otp: otp, login: login).addRoutes(to: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.listenHost, port: configuration.listenPort), serverName: "dirauthd"),
        services: services.background,
        logger: logger
    )
}
