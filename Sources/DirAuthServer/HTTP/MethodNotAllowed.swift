// SPDX-License-Identifier: Apache-2.0

import HTTPTypes
import Hummingbird

/// 405 `{"detail":"Method \"X\" not allowed."}` with `Allow`, as Django REST framework answers
/// the methods a path does not serve.
enum MethodNotAllowed {
    /// The methods that get a 405 unless a path serves them.
    static let candidates: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    /// Adds a 405 route for every candidate method `path` does not serve.
    /// - Parameters:
    ///   - group: The route group.
    ///   - path: The path inside the group.
    ///   - allowed: The methods it serves.
    static func add<Context: RequestContext>(to group: RouterGroup<Context>, path: String, allowing allowed: [HTTPRequest.Method]) {
        let allow = (allowed + [.options]).map(\.rawValue).joined(separator: ", ")
        for method in candidates where !allowed.contains(method) {
            group.on(RouterPath(path), method: method) { request, _ -> Response in
                throw DirAuthHTTPError(.methodNotAllowed, "Method \"\(request.method.rawValue)\" not allowed.", headers: [.allow: allow])
            }
        }
    }
}
