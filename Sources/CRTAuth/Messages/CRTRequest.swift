// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §3.1 (v1 request) and §4.1 (v0 request):
//
//   | # | field    | encoding                    |
//   | 1 | version  | int 0x01                    |
//   | 2 | magic    | int 0x71 ('q')              |
//   | 3 | username | str (UTF-8), <= 64          |
//   | 4 | key      | bin, 32 bytes (dirauth extension, optional): SHA-256 of the SSH public-key blob
//
//   v0: "X-CHAP: request:<username> — the plain username, no encoding."

/// A challenge request: who wants to log in, in which protocol version, optionally with which key.
public struct CRTRequest: Sendable, Hashable {
    /// The magic byte of a v1 request, `'q'`.
    static let magic: UInt8 = 0x71

    /// The protocol version the client speaks (the server answers in the same one).
    public var version: CRTProtocolVersion
    /// The user to authenticate.
    public var username: String
    /// dirauth extension (v1 only): the SHA-256 digest (32 bytes) of the SSH public-key blob the
    /// client wants to use, i.e. the bytes behind OpenSSH's `SHA256:` fingerprint. `nil` for old clients.
    public var keyFingerprint: [UInt8]?

    /// Creates a request.
    /// - Parameters:
    ///   - username: the user to authenticate.
    ///   - version: the protocol version; `.v1` unless talking to v0-only servers.
    ///   - keyFingerprint: optional SHA-256 digest of the key blob (32 bytes, v1 only; ignored for v0).
    public init(username: String, version: CRTProtocolVersion = .v1, keyFingerprint: [UInt8]? = nil) {
        self.username = username
        self.version = version
        self.keyFingerprint = keyFingerprint
    }

    /// The v1 msgpack bytes: `[1, 'q', username]` plus the fingerprint extension when present.
    ///
    /// Usernames of 32…255 bytes are written as str8 (shortest form), which the Python server's
    /// request parser accepts (it misreads the str16 that the Python client writes).
    public func serializedV1() -> [UInt8] {
        var writer = MsgPackWriter()
        writer.writeUInt(1)
        writer.writeUInt(UInt64(Self.magic))
        writer.writeString(Array(username.utf8), style: .shortest)
        if let keyFingerprint {
            writer.writeBinary(keyFingerprint)
        }
        return writer.bytes
    }

    /// The text after `request:` in the `X-CHAP` header: base64url msgpack for v1, the plain username for v0.
    public func armoured() -> String {
        switch version {
        case .v0: username
        case .v1: Base64URL.encode(serializedV1())
        }
    }

    /// Parses the text after `request:` the way crtauth's WSGI middleware does (`parse_request`),
    /// except that str16 and str32 usernames parse as v1 too.
    ///
    /// crtauth-protocol.md §5, Python heuristic:
    /// 1. `len(request) % 4 == 1` → v0 (cannot be base64);
    /// 2. base64url-decode (an error here is a *malformed* request: the reference answered HTTP 500);
    /// 3. fewer than 4 bytes → v0; 4. `byte0 > 4` or `byte1 != 'q'` → v0;
    /// 5. `byte2` must be fixstr with length ≥ 1 or str8 — **dirauth also accepts str16/str32, and
    ///    refuses an empty name in every form** — else v0;
    /// 6. declared length longer than the data → v0; else v1. Bytes after the username are ignored,
    ///    except a complete bin value of exactly 32 bytes, which is the key-fingerprint extension.
    ///
    /// - Parameter headerValue: the text after `request:`.
    /// - Returns: the request; for v0 the username is `headerValue` unchanged.
    /// - Throws: ``CRTAuthError/malformed(_:)`` when a candidate v1 request is not valid base64 or
    ///   its username is not UTF-8.
    public static func parse(headerValue: String) throws -> CRTRequest {
        let v0 = CRTRequest(username: headerValue, version: .v0)
        if headerValue.utf8.count % 4 == 1 {
            return v0
        }
        let bytes = try Base64URL.decode(headerValue)
        guard bytes.count >= 4, bytes[0] <= 4, bytes[1] == magic else {
            return v0
        }
        let header = bytes[2]
        let lengthBytes: Int
        switch header {
        case 0xa1...0xbf: lengthBytes = 0
        case 0xd9: lengthBytes = 1
        case 0xda: lengthBytes = 2  // dirauth deviation: Python reads these as v0
        case 0xdb: lengthBytes = 4  // dirauth deviation
        default: return v0
        }
        guard bytes.count >= 3 + lengthBytes else { return v0 }
        var length = lengthBytes == 0 ? Int(header & 0x1f) : 0
        for index in 3..<(3 + lengthBytes) {
            length = length << 8 | Int(bytes[index])
        }
        let start = 3 + lengthBytes
        // An empty name is v0 in every string form, not only as fixstr (found by fuzzing: an
        // empty str8 name made a v1 request that no v1 request serializes to).
        guard length >= 1, length <= bytes.count - start else { return v0 }
        guard let username = String(validating: bytes[start..<(start + length)], as: UTF8.self) else {
            throw CRTAuthError.malformed("request: username is not UTF-8")
        }
        var request = CRTRequest(username: username, version: .v1)
        var trailing = MsgPackReader(Array(bytes[(start + length)...]))
        if let next = trailing.peekByte(), (0xc4...0xc6).contains(next),
            let fingerprint = try? trailing.readRaw("key fingerprint"), fingerprint.count == 32
        {
            request.keyFingerprint = fingerprint
        }
        return request
    }
}
