// SPDX-License-Identifier: Apache-2.0

import Foundation
import OTP
import Testing

/// Checks codes, windows and base32 decoding against the real pyotp (PyPI), run as a child
/// process from the venv `make test` prepares (`scripts/venv.sh`, from `Tests/Interop/requirements.txt`).
///
/// Not skipped when the venv is missing: it fails and says how to create it.
@Suite("pyotp compatibility: live interop with the real pyotp")
struct PyOTPInteropTests {
    /// The Python side: reads one JSON request on stdin, answers with JSON on stdout.
    ///
    /// `legacy` seeds (under 112 bits) use a `pyotp.TOTP` subclass with pyotp 2.2.7's
    /// `byte_secret()` (no minimum-length check); every other computation is pyotp's.
    static let script = #"""
    import base64, hashlib, json, sys
    import pyotp

    class LegacyTOTP(pyotp.TOTP):
        def byte_secret(self):
            secret = self.secret
            missing = len(secret) % 8
            if missing:
                secret += "=" * (8 - missing)
            return base64.b32decode(secret, casefold=True)

    DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}

    def make(c):
        cls = LegacyTOTP if c.get("legacy") else pyotp.TOTP
        return cls(c["seed"], digits=c["digits"], digest=DIGESTS[c["algorithm"]], interval=c["period"])

    req = json.load(sys.stdin)
    out = {"codes": [], "verify": [], "decode": []}
    for c in req["codes"]:
        out["codes"].append(make(c).at(c["time"]))
    for c in req["verify"]:
        try:
            out["verify"].append(make(c).verify_and_get_timecode(c["code"], for_time=c["time"], valid_window=c["window"]))
        except pyotp.exceptions.OTPVerificationError:
            out["verify"].append(None)
    for text in req["decode"]:
        try:
            out["decode"].append(pyotp.TOTP(text).byte_secret().hex())
        except Exception:
            out["decode"].append(None)
    json.dump(out, sys.stdout)
    """#

    struct CodeCase: Codable {
        var seed: String
        var time: Int64
        var digits: Int
        var algorithm: String
        var period: Int
        var legacy: Bool
    }

    struct VerifyCase: Codable {
        var seed: String
        var time: Int64
        var digits = 6
        var algorithm = "SHA1"
        var period = 30
        var legacy = false
        var code: String
        var window: Int
    }

    struct Request: Codable {
        var codes: [CodeCase]
        var verify: [VerifyCase]
        var decode: [String]
    }

    struct Response: Codable {
        var codes: [String]
        var verify: [Int64?]
        var decode: [String?]
    }

    /// `<repo>/.run/venv/bin/python`, found from this file's path.
    static func venvPython() throws -> URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                let python = url.appendingPathComponent(".run/venv/bin/python")
                guard FileManager.default.isExecutableFile(atPath: python.path) else {
                    throw InteropError(
                        "no interop venv at \(python.path): run `make test`, or `scripts/venv.sh` (installs Tests/Interop/requirements.txt, including pyotp)"
                    )
                }
                return python
            }
        }
        throw InteropError("no Package.swift above \(#filePath)")
    }

    struct InteropError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs the script with the request on stdin and decodes its answer.
    static func askPyOTP(_ request: Request) throws -> Response {
        let process = Process()
        process.executableURL = try venvPython()
        process.arguments = ["-c", script]
        let input = Pipe()
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("pyotp-interop-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(request))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw InteropError("pyotp script exited with \(process.terminationStatus): \(stderr)")
        }
        return try JSONDecoder().decode(Response.self, from: data)
    }

    @Test("codes for random seeds, times and parameters match pyotp; windows and base32 agree")
    func liveInterop() throws {
        var generator = SystemRandomNumberGenerator()
        var codes: [CodeCase] = []
        let algorithms: [OTPAlgorithm] = [.sha1, .sha256, .sha512]
        for index in 0..<60 {
            let legacy = index % 4 == 3
            let secret = OTPSecret.random(byteCount: legacy ? 10 : 20, using: &generator)
            let seed = index % 3 == 1 ? secret.base32.lowercased() : secret.base32
            codes.append(CodeCase(
                seed: seed,
                time: Int64.random(in: 0...4_102_444_800, using: &generator),
                digits: legacy ? 6 : [6, 7, 8][index % 3],
                algorithm: legacy ? "SHA1" : algorithms[(index / 3) % 3].rawValue,
                period: legacy ? 30 : [30, 60, 15][(index / 9) % 3],
                legacy: legacy
            ))
        }

        // Window edges: codes from steps −5 … +5 around a random time, verified with windows 1 and 3.
        var verifyCases: [VerifyCase] = []
        for seedIndex in 0..<3 {
            let secret = OTPSecret.random(byteCount: 20, using: &generator)
            let time = Int64.random(in: 1_000_000_000...2_000_000_000, using: &generator)
            let totp = TOTP(secret: secret)
            for offset in Int64(-5)...5 {
                for window in [1, 3] {
                    verifyCases.append(VerifyCase(
                        seed: secret.base32, time: time, legacy: seedIndex == 2,
                        code: totp.code(atUnixTime: time + offset * 30), window: window
                    ))
                }
            }
        }

        // Base32 forms pyotp accepts or rejects (each long enough for pyotp's 112-bit minimum).
        let decodeCases = [
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "jbswy3dpehpk3pxpjbswy3dpehpk3pxp", "MRUXEYLVORUC243FMVSDCNA=",
            "MRUXEYLVORUC243FMVSDCNA", "MRUXEYLVORUC243FMVSDCNA==", "MRUXEYLVORUC243FMVSDCN", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY",
            "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP========", "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP",
            "JBSW-Y3DP-EHPK-3PXP-JBSW-Y3DP-EHPK-3PXP", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX1", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PX8",
            "JBSWY3DPEHPK3PXP=BSWY3DPEHPK3PXP", " JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXÄ",
            "MRUXEYLVORUC243FMVSDCNB=", "MRUXEYLVORUC243FMVSDCNAAAA",
        ]

        let response = try Self.askPyOTP(Request(codes: codes, verify: verifyCases, decode: decodeCases))
        try #require(response.codes.count == codes.count)
        try #require(response.verify.count == verifyCases.count)
        try #require(response.decode.count == decodeCases.count)

        for (index, c) in codes.enumerated() {
            let secret = try OTPSecret(base32: c.seed)
            let algorithm = try #require(OTPAlgorithm(rawValue: c.algorithm))
            let parameters = TOTPParameters(algorithm: algorithm, digits: c.digits, period: c.period)
            let ours = TOTP(secret: secret, parameters: parameters).code(atUnixTime: c.time)
            #expect(ours == response.codes[index], "seed \(c.seed) time \(c.time) \(c.algorithm)/\(c.digits)/\(c.period)")
        }

        var accepted = 0
        for (index, c) in verifyCases.enumerated() {
            let ours = TOTPVerifier(window: c.window).verify(
                code: c.code, secret: try OTPSecret(base32: c.seed), parameters: .init(), atUnixTime: c.time
            )
            #expect(ours == response.verify[index], "window \(c.window), time \(c.time)")
            if ours != nil { accepted += 1 }
        }
        // Per seed: offsets −1…1 with window 1 (3) plus −3…3 with window 3 (7).
        #expect(accepted == 3 * (3 + 7))

        for (index, text) in decodeCases.enumerated() {
            let ours = try? OTPSecret(base32: text)
            let oursHex = ours.map { $0.bytes.map { String(format: "%02x", $0) }.joined() }
            #expect(oursHex == response.decode[index], "base32 \(text.debugDescription)")
        }
    }
}
