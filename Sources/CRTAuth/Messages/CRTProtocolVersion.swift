// SPDX-License-Identifier: Apache-2.0

/// The crtauth wire version of a message.
///
/// crtauth-protocol.md §5: "There is no explicit negotiation. The client picks by the request
/// form; the server answers in the same version."
public enum CRTProtocolVersion: Int, Sendable, Hashable, Comparable, CaseIterable, CustomStringConvertible {
    /// v0 ("legacy"): XDR encoding, HMAC-SHA1, the request is the plain username (Python only).
    case v0 = 0
    /// v1: msgpack encoding, HMAC-SHA256 on the challenge (Python and crtauth-java).
    case v1 = 1

    /// Orders by version number.
    public static func < (lhs: CRTProtocolVersion, rhs: CRTProtocolVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `v0` or `v1`.
    public var description: String { "v\(rawValue)" }
}
