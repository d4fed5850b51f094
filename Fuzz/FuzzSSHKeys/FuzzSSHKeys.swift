// SPDX-License-Identifier: Apache-2.0
// Fuzzes the SSH decoders that see untrusted bytes: key lines (LDAP sshPublicKey values,
// authorized_keys files), key blobs, signature blobs (from clients) and the wire reader under
// them. The first input byte picks the decoder (modulo the count), the rest is the input.
//
//  0  SSHPublicKey(openSSHLine:): openSSHLine parses back to the same key and comment
//  1  SSHPublicKey(blob:): the blob is kept as given; its line parses back; fingerprints work
//  2  SSHSignature(blob:): the blob is canonical, signature.blob == input
//  3  signature verification with fixed keys of every type: random input never verifies
//  4  a key blob and a signature blob from the input (2-byte length split): verify never crashes
//  5  SSHPublicKey.parseMany: at most one key or error per line
//  6  SSHWireReader: any sequence of reads stays within the input

import FuzzSupport
import SSHKeys

let fixedKeys = [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOoghcBci5Jkqb1d9p0QRtadGwiPIzBDCvzZ6vxRvi/W",
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCmIbdKc16mSqhwlEP9lVdnEUfP8AB/dvbaqghNXVwQ7YNAdGYLZlS5TaihItewjZvB1BXml6msnuBkUejcimqW8w/bu7Jl9jLIUPoLITwIwMPrS/frD3M72DH1t03BtcACcsWnq0l7lrCwbWOwfyvkPcjdTfl9P8WSaHekyVcN7KiDRJHJwykAityxlLWptAKAm5Tl+cBQziuqhqCx59nnBdn5TZsgtsxW4xu5rQKVuiF8fnHom8qdqTmO/mAbuOzCOSZ+hIhxrOFPbwcEHxkF3GVgtmCzQ2457pkHGF2NZgX0XdqdJO21ERKOoXPlIe1EMyjzRqwSz4bXen29Xk+S4heOZ15XUxPMpMXS0Fi9BZNIukbWMjgPoCR7Z/VukwRvi8JDSmQPjkrIYFx4+ZYk2OvO+KNerzWQnBgSXVmLW6bJ7k8IhLBLcgTjKECjFRxZEzd6kS+Ce8imIpBllhd9Rdn+XCs8158omHHscFeailRo6nr8kBXzqqwCWI0jOp8=",
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOw19NOd9owVF65w7WF99ygkzK9CBJX2ESY1qQt3CCaTIApkaSY+wwuZhcj6vH6gAhmyYM/KSKpj9diYXo8TGlg=",
].map { try! SSHPublicKey(openSSHLine: $0) }
let signedData = Array("dirauth fuzz".utf8)

/// Splits at a 2-byte big-endian length prefix.
func split(_ bytes: [UInt8]) -> ([UInt8], [UInt8]) {
    guard bytes.count >= 2 else { return (bytes, []) }
    let length = min(Int(bytes[0]) << 8 | Int(bytes[1]), bytes.count - 2)
    return (Array(bytes[2..<(2 + length)]), Array(bytes[(2 + length)...]))
}

func check(_ input: FuzzInput) {
    let bytes = input.payload
    switch input.selector % 7 {
    case 0:
        guard let key = try? SSHPublicKey(openSSHLine: input.string) else { return }
        let again = try! SSHPublicKey(openSSHLine: key.openSSHLine)
        precondition(again == key && again.type == key.type && again.comment == key.comment, "key line round trip")
    case 1:
        guard let key = try? SSHPublicKey(blob: bytes) else { return }
        precondition(key.blob == bytes, "blob kept")
        precondition(try! SSHPublicKey(openSSHLine: key.openSSHLine).blob == bytes, "blob line round trip")
        _ = key.sha256Fingerprint
        _ = key.crtauthFingerprint
        _ = key.rsaModulusByteCount
    case 2:
        guard let signature = try? SSHSignature(blob: bytes) else { return }
        precondition(signature.blob == bytes, "signature round trip")
    case 3:
        for key in fixedKeys {
            precondition(!key.verify(sshSignature: bytes, over: signedData), "random signature verified")
            precondition(!key.verifyCRTAuthRSASignature(bytes, over: signedData), "random crtauth signature verified")
        }
    case 4:
        let (blob, signature) = split(bytes)
        guard let key = try? SSHPublicKey(blob: blob) else { return }
        _ = key.verify(sshSignature: signature, over: signedData)
        _ = key.verifyCRTAuthRSASignature(signature, over: signedData)
    case 5:
        let text = input.string
        let (keys, errors) = SSHPublicKey.parseMany(text)
        let lines = text.utf8.count { $0 == 0x0A || $0 == 0x0D } + 1
        precondition(keys.count + errors.count <= lines, "one result per line")
    default:
        let (ops, data) = split(bytes)
        var reader = SSHWireReader(data)
        for op in ops {
            let before = reader.readableBytes
            switch op % 5 {
            case 0: _ = reader.readByte()
            case 1: _ = reader.readUInt32()
            case 2: _ = reader.readString()
            case 3: _ = try? reader.readUTF8String()
            default: _ = try? reader.readUnsignedMPInt()
            }
            precondition(reader.readableBytes <= before && reader.readableBytes >= 0, "reader stays inside")
            precondition(reader.isAtEnd == (reader.readableBytes == 0), "isAtEnd")
        }
    }
}

fuzzMain { check(FuzzInput($0)) }
