// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthAPI
import DirAuthCore
public import Hummingbird
import HummingbirdCore
public import Logging

/// Builds dirauthd's HTTP application: the composition root of the HTTP edge.
///
/// Every connection gets the deadlines and limit of ``HTTPSettings`` (``DeadlineHTTP1Channel``).
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
    let http = configuration.http
    let connections = ConnectionRegistry(limit: http.maxConnections)
    return Application(
        router: try buildRouter(configuration: configuration, services: services, logger: logger),
        server: HTTPServerBuilder { responder in
            DeadlineHTTP1Channel(base: HTTP1Channel(responder: responder), settings: http, registry: connections)
        },
        configuration: .init(
            address: .hostname(configuration.listenHost, port: configuration.listenPort),
            serverName: "dirauthd",
            availableConnectionsDelegate: MaximumAvailableConnections(http.maxConnections, logger: logger)
        ),
        services: services.background,
        logger: logger
    )
}

/// Builds dirauthd's router: the application services over `services`, and every route.
///
/// Route groups answer errors in their API's style (``APIErrorStyle``): `/_auth` in plain
/// text, `/v1` with `{"detail"}`, `/ungleichotp` as Django REST framework.
/// - Parameters:
///   - configuration: The validated settings.
///   - services: The directory-backed ports.
///   - logger: The server's logger (security events are written to it).
/// - Returns: The router.
/// - Throws: ``ConfigurationError`` when the crtauth settings are inconsistent.
public func buildRouter(
    configuration: DirAuthConfiguration,
    services: DirAuthServices,
    logger: Logger
) throws -> Router<DirAuthRequestContext> {
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
    let events = services.events ?? LoggingSecurityEventSink(logger: logger)
    let login = LoginService(crtauth: crtauth, keys: services.keys, now: services.now, events: events)
    let otp = OTPService(
        store: services.otpEntries, memberships: services.memberships, settings: configuration.otp, now: services.now, events: events
    )
    let tokens = TokenVerificationService(login: login, otp: otp, memberships: services.memberships, events: events)

    let router = Router(context: DirAuthRequestContext.self)
    router.add(middleware: CRTAuthHandshakeMiddleware(login: login))
    HealthController(probe: services.health, cache: services.cache).addRoutes(to: router)
    router.get("/openapi.yaml") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/yaml"],
            body: .init(byteBuffer: ByteBuffer(bytes: APIContract.openAPIDocument))
        )
    }
    let v1 = router.group("/v1").add(middleware: APIErrorMiddleware(style: .json))
    LoginController(login: login).addRoutes(to: v1)
    VerifyTokenController(tokens: tokens).addRoutes(to: v1)
    OTPController(otp: otp).addRoutes(to: router)
    return router
}
