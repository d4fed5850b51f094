// SPDX-License-Identifier: Apache-2.0

/// The token format a server issues. Validation always accepts both.
public enum CRTTokenFormat: String, Sendable, Hashable, CaseIterable {
    /// The PROTOCOL.md msgpack token with HMAC-SHA256, as crtauth-java issues (dirauth's default).
    case v1
    /// The v0 XDR token with HMAC-SHA1 that crtauth's Python server issues for both protocol versions;
    /// for fleets that share a secret with Python servers.
    case legacy
}
