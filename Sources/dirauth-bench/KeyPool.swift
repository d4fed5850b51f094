// SPDX-License-Identifier: Apache-2.0
// A few keys shared by every generated user: user i holds RSA key i mod R and Ed25519 key i mod E.
// Files in the pool folder: rsa-<k>.pem (PKCS#8/PKCS#1 PEM), ed25519-<k>.key (base64 of the raw
// 32-byte private key), and <name>.pub (OpenSSH line) for both.

import Crypto
import CryptoExtras
import Foundation
import SSHKeys

/// The benchmark's key pool.
struct KeyPool: Sendable {
    let rsa: [BenchKey]
    let ed25519: [BenchKey]

    /// The RSA key of generated user `index`.
    /// - Parameter index: The user number.
    func rsaKey(ofUser index: Int) -> BenchKey { rsa[index % rsa.count] }

    /// The Ed25519 key of generated user `index`.
    /// - Parameter index: The user number.
    func ed25519Key(ofUser index: Int) -> BenchKey { ed25519[index % ed25519.count] }

    /// Creates the pool files that are missing.
    /// - Parameters:
    ///   - folder: The pool folder.
    ///   - rsaCount: How many RSA-2048 keys.
    ///   - ed25519Count: How many Ed25519 keys.
    /// - Throws: ``BenchError/io(_:)`` when a file cannot be written.
    static func create(in folder: String, rsaCount: Int, ed25519Count: Int) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<rsaCount where !FileManager.default.fileExists(atPath: "\(folder)/rsa-\(index).pem") {
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            try write(key.pemRepresentation + "\n", to: "\(folder)/rsa-\(index).pem")
            try write(try BenchKey(.rsa(key)).publicKey.openSSHLine + "\n", to: "\(folder)/rsa-\(index).pub")
        }
        for index in 0..<ed25519Count where !FileManager.default.fileExists(atPath: "\(folder)/ed25519-\(index).key") {
            let key = Curve25519.Signing.PrivateKey()
            try write(key.rawRepresentation.base64EncodedString() + "\n", to: "\(folder)/ed25519-\(index).key")
            try write(try BenchKey(.ed25519(key)).publicKey.openSSHLine + "\n", to: "\(folder)/ed25519-\(index).pub")
        }
    }

    /// Loads every key of the pool.
    /// - Parameter folder: The pool folder.
    /// - Throws: ``BenchError/io(_:)`` for a missing pool or an unreadable key.
    init(folder: String) throws {
        var rsa: [BenchKey] = []
        while let text = try? String(contentsOfFile: "\(folder)/rsa-\(rsa.count).pem", encoding: .utf8) {
            do {
                rsa.append(try BenchKey(.rsa(try _RSA.Signing.PrivateKey(pemRepresentation: text))))
            } catch {
                throw BenchError.io("\(folder)/rsa-\(rsa.count).pem: \(error)")
            }
        }
        var ed25519: [BenchKey] = []
        while let text = try? String(contentsOfFile: "\(folder)/ed25519-\(ed25519.count).key", encoding: .utf8) {
            guard let raw = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw BenchError.io("\(folder)/ed25519-\(ed25519.count).key is not base64")
            }
            ed25519.append(try BenchKey(.ed25519(try Curve25519.Signing.PrivateKey(rawRepresentation: raw))))
        }
        guard !rsa.isEmpty, !ed25519.isEmpty else {
            throw BenchError.io("no key pool in \(folder) (run `dirauth-bench keys --dir \(folder)` first)")
        }
        self.rsa = rsa
        self.ed25519 = ed25519
    }

    private static func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw BenchError.io("cannot write \(path)")
        }
    }
}
