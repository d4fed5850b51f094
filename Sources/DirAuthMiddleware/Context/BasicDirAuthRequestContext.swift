// SPDX-License-Identifier: Apache-2.0

public import Hummingbird

/// A ready-made request context for services that need nothing but the dirauth identity.
public struct BasicDirAuthRequestContext: DirAuthRequestContextProtocol {
    /// Hummingbird's core storage.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated user, set by ``DirAuthTokenMiddleware``.
    public var dirAuthIdentity: DirAuthIdentity?

    /// Creates a context for a request.
    /// - Parameter source: Where the request came from.
    public init(source: Source) {
        self.coreContext = .init(source: source)
    }
}
