// SPDX-License-Identifier: Apache-2.0

public import Hummingbird

/// A request context that can carry the identity ``DirAuthMiddleware`` established.
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
    /// The authenticated user, set by ``DirAuthMiddleware`` before your handler runs.
    var dirAuthIdentity: DirAuthIdentity? { get set }
}

extension DirAuthRequestContextProtocol {
    /// The authenticated user, or a 401 (`WWW-Authenticate: crtauth`) when the route was not protected.
    /// - Throws: `HTTPError(.unauthorized)` without an identity.
    public func requireDirAuthIdentity() throws -> DirAuthIdentity {
        guard let dirAuthIdentity else { throw DirAuthMiddlewareError.unauthorizedResponse }
        return dirAuthIdentity
    }
}
