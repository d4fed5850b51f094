// SPDX-License-Identifier: Apache-2.0
// A server's origin (RFC 6454 §4: scheme, host, port) and crtauth's expectations of it.
//
// crtauth-protocol.md §9.3: "Clients verify challenge.server_name == host with exact
// (case-sensitive) equality"; requests-crtauth takes the server name as "URL netloc up to the
// first `:` (case preserved, port dropped)". The handshake lives at the origin's `/_auth`.

public import Foundation

/// Where a URL's server lives: the part of a URL that tokens are valid for.
public struct ServerOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// The host as written in the URL (IPv6 literals without brackets); the server name the
    /// challenge must carry.
    public let host: String
    /// The explicit port, or `nil` for the scheme's default.
    public let port: Int?

    /// The origin of `url`.
    /// - Parameter url: An `http` or `https` URL with a host.
    /// - Throws: ``DirAuthClientError/Code/invalidArgument`` for other schemes or a missing host.
    public init(url: URL) throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw DirAuthClientError.invalidArgument("\(url.absoluteString) is not an http:// or https:// URL")
        }
        guard var host = url.host(percentEncoded: false), !host.isEmpty else {
            throw DirAuthClientError.invalidArgument("\(url.absoluteString) has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        self.scheme = scheme
        self.host = host
        let defaultPort = scheme == "https" ? 443 : 80
        self.port = url.port.flatMap { $0 == defaultPort ? nil : $0 }
    }

    /// The origin of a URL string.
    /// - Parameter string: e.g. `http://localhost:8080/v1/whoami`.
    /// - Throws: ``DirAuthClientError/Code/invalidArgument`` when it is not an absolute http(s) URL.
    public init(string: String) throws {
        guard let url = URL(string: string) else {
            throw DirAuthClientError.invalidArgument("\"\(string)\" is not a URL")
        }
        try self.init(url: url)
    }

    /// `scheme://host[:port]`, the cache key and the base of ``authURL``.
    public var description: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(scheme)://\(hostPart):\($0)" } ?? "\(scheme)://\(hostPart)"
    }

    /// The crtauth handshake endpoint, `<origin>/_auth`.
    public var authURL: String { description + "/_auth" }

    /// The server name a challenge must carry: the host, exactly.
    public var expectedServerName: String { host }
}
