// SPDX-License-Identifier: Apache-2.0

public import OTP

extension OTPCredential {
    /// A credential from command-line style values: exactly one of `token` or `seed` (base32).
    /// - Parameters:
    ///   - name: The name.
    ///   - realm: The realm.
    ///   - token: A token, or `nil`.
    ///   - seed: A base32 seed, or `nil`.
    /// - Throws: ``DirAuthClientError/Code/invalidArgument`` when both or neither are given, or the seed is not base32.
    public init(name: String, realm: String, token: String?, seed: String?) throws {
        switch (token, seed) {
        case (let token?, nil):
            self.init(name: name, realm: realm, proof: .token(token))
        case (nil, let seed?):
            do {
                self.init(name: name, realm: realm, proof: .seed(try OTPSecret(base32: seed)))
            } catch {
                throw DirAuthClientError.invalidArgument("the seed for \(name)@\(realm) is not valid base32: \(error)")
            }
        case (nil, nil):
            throw DirAuthClientError.invalidArgument("give a token or a seed for \(name)@\(realm)")
        case (.some, .some):
            throw DirAuthClientError.invalidArgument("give a token or a seed for \(name)@\(realm), not both")
        }
    }
}
