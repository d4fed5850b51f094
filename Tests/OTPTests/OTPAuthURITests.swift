// SPDX-License-Identifier: Apache-2.0

import Foundation
import OTP
import Testing

@Suite("otpauth:// URIs (Key Uri Format)")
struct OTPAuthURITests {
    @Test("a plain name and realm give the documented URI with every parameter")
    func plain() throws {
        let secret = try OTPSecret(base32: "PZKBPTHDGSLZBKIZ")
        let uri = OTPAuthURI.make(name: "info@ungleich.ch", realm: "ungleich-admin", secret: secret, parameters: .init())
        #expect(uri == "otpauth://totp/ungleich-admin:info%40ungleich.ch?secret=PZKBPTHDGSLZBKIZ&issuer=dirauth&algorithm=SHA1&digits=6&period=30")
    }

    @Test("labels and issuer are percent-encoded; a colon inside a name cannot split the label")
    func encoding() throws {
        let secret = OTPSecret(bytes: Array("12345678901234567890".utf8))
        let uri = OTPAuthURI.make(
            name: "a b:c/d?e&f#Zürich",
            realm: "realm with space",
            secret: secret,
            parameters: .init(algorithm: .sha256, digits: 8, period: 60),
            issuer: "Acme & Co"
        )
        #expect(uri == "otpauth://totp/realm%20with%20space:a%20b%3Ac%2Fd%3Fe%26f%23Z%C3%BCrich"
            + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme%20%26%20Co&algorithm=SHA256&digits=8&period=60")
        // Exactly one literal ":" in the path: the realm separator.
        let components = try #require(URLComponents(string: uri))
        #expect(components.scheme == "otpauth")
        #expect(components.host == "totp")
        #expect(components.percentEncodedPath.filter { $0 == ":" }.count == 1)
        #expect(components.path == "/realm with space:a b:c/d?e&f#Zürich")
        let items = Dictionary(uniqueKeysWithValues: (components.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(items["issuer"] == "Acme & Co")
        #expect(items["secret"] == secret.base32)
    }

    @Test("RFC 3986 unreserved characters stay literal")
    func unreserved() {
        #expect(OTPAuthURI.percentEncode("AZaz09-._~") == "AZaz09-._~")
        #expect(OTPAuthURI.percentEncode("+=%") == "%2B%3D%25")
    }
}
