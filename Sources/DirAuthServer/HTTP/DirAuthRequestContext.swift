public import CRTAuth
public import Foundation
public import Hummingbird
public import NIOCore

/// The request context of dirauthd's routes: Hummingbird's core storage plus the
/// crtauth user once ``TokenAuthenticationMiddleware`` has checked the token.
public struct DirAuthRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address (for per-address brute-force counting); `nil` in router tests.
    public let remoteAddress: SocketAddress?
    /// The authenticated user of a protected route.
    public var user: CRTValidatedToken?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// JSON with RFC 3339 UTC times (`2026-11-22T13:43:00Z`).
    public var responseEncoder: JSONEncoder { Self.jsonEncoder }

    /// One encoder for every response: configuring a new one per request showed in profiles,
    /// and `JSONEncoder` is safe to share (its options are not changed after this).
    private static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The authenticated user, or a 401 for routes that were not protected.
    public func requireUser() throws -> CRTValidatedToken {
        guard let user else { throw DirAuthHTTPError.unauthorized }
        return user
    }
}
