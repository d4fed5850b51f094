// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
public import DirAuthMiddleware
public import Foundation
public import Hummingbird
public import NIOCore

/// The request context of dirauthd's routes: Hummingbird's core storage, the client's address,
/// and the crtauth user once the shipped `DirAuthTokenMiddleware` has checked the token.
public struct DirAuthRequestContext: DirAuthRequestContextProtocol, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's address (for per-address brute-force counting); `nil` in router tests.
    public let remoteAddress: SocketAddress?
    /// The authenticated user of a protected route.
    public var dirAuthIdentity: DirAuthIdentity?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// JSON with RFC 3339 UTC times (`2026-11-22T13:43:00Z`): the contract's one shared encoder
    /// (configuring a new one per request showed in profiles; `JSONEncoder` is safe to share).
    public var responseEncoder: JSONEncoder { APIContract.encoder }

    /// The client's IP address as text (failures are counted against it), `nil` in router tests.
    public var sourceAddress: String? { remoteAddress?.ipAddress }
}
