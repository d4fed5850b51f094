// SPDX-License-Identifier: Apache-2.0

public import Hummingbird

/// A request context that can carry the identity ``DirAuthTokenMiddleware`` established.
///
/// Add a stored property to your own context, or use ``BasicDirAuthRequestContext``:
/// ```swift
/// struct AppContext: DirAuthRequestContextProtocol {
///     var coreContext: CoreRequestContextStorage
///     var dirAuthIdentity: DirAuthIdentity?
///     init(source: Source) { coreContext = .init(source: source) }
/// }
/// ```
public protocol DirAuthRequestContextProtocol: RequestContext {
    /// The authenticated user, set by ``DirAuthTokenMiddleware`` before your handler runs.
    var dirAuthIdentity: DirAuthIdentity? { get set }
}

extension DirAuthRequestContextProtocol {
    /// The authenticated user, or a 401 (`WWW-Authenticate: crtauth`) when the route was not protected.
    /// - Throws: ``DirAuthMiddlewareError/Code/rejected`` (401) without an identity.
    public func requireDirAuthIdentity() throws -> DirAuthIdentity {
        guard let dirAuthIdentity else { throw DirAuthMiddlewareError.rejected("the route is not protected by DirAuthTokenMiddleware") }
        return dirAuthIdentity
    }
}
