// SPDX-License-Identifier: Apache-2.0
// ungleich-otp.md §4/§9.2: a caller is (name, realm) plus the current TOTP token, given directly
// (`--auth-token`) or computed from the seed (`--auth-seed`); pyotp defaults (SHA-1, 6 digits, 30 s).

public import Foundation
public import OTP

/// A (name, realm) with either a token or the seed to compute one: an OTP caller or target.
/// The token and seed never appear in ``description``.
public struct OTPCredential: Sendable, CustomStringConvertible {
    /// Where the token comes from.
    public enum Proof: Sendable {
        /// A token as typed (e.g. from an authenticator app).
        case token(String)
        /// The seed; the token is its TOTP code at the time of the call.
        case seed(OTPSecret)
    }

    /// The entry's name.
    public var name: String
    /// The entry's realm.
    public var realm: String
    /// The token or seed.
    public var proof: Proof
    /// TOTP parameters for seeds (default SHA-1, 6 digits, 30 s).
    public var parameters: TOTPParameters

    /// Creates a credential.
    /// - Parameters:
    ///   - name: The name.
    ///   - realm: The realm.
    ///   - proof: A token, or a seed.
    ///   - parameters: TOTP parameters used with a seed.
    public init(name: String, realm: String, proof: Proof, parameters: TOTPParameters = .init()) {
        self.name = name
        self.realm = realm
        self.proof = proof
        self.parameters = parameters
    }

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

    /// The token to send at `date`.
    /// - Parameter date: The time of the call.
    public func token(at date: Date) -> String {
        switch proof {
        case .token(let token): token
        case .seed(let secret): TOTP(secret: secret, parameters: parameters).code(at: date)
        }
    }

    /// `name@realm`.
    public var description: String { "\(name)@\(realm)" }
}
