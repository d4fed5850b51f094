// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import SSHKeys

/// A challenge made by ``CRTAuthServer/makeChallenge(for:keys:host:now:uniqueData:)``.
public struct CRTIssuedChallenge: Sendable {
    /// The armoured challenge (what goes after `X-CHAP: challenge:`).
    public let challenge: String
    /// The protocol version (the request's).
    public let version: CRTProtocolVersion
    /// The user.
    public let username: String
    /// The server name the challenge carries.
    public let serverName: String
    /// The 6-byte crtauth fingerprint in the challenge (real or fake).
    public let fingerprint: [UInt8]
    /// The key the client must sign with; nil when the fingerprint is fake (unknown user or no usable key).
    /// For logs only: the HTTP answer must not reveal it.
    public let selectedKey: SSHPublicKey?
    /// Not valid before.
    public let validFrom: Date
    /// Not valid after.
    public let validTo: Date
}
