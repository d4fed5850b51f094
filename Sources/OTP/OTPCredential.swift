// SPDX-License-Identifier: Apache-2.0
// ungleich-otp.md §4/§9.2: a caller is (name, realm) plus the current TOTP token, given directly
// (`--auth-token`) or computed from the seed (`--auth-seed`); pyotp defaults (SHA-1, 6 digits, 30 s).

public import Foundation

/// A (name, realm) with either a token or the seed to compute one: an OTP caller or target,
/// as a client sends it and as the server checks it.
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

    /// A credential that computes its token from `seed`.
    /// - Parameters:
    ///   - name: The name.
    ///   - realm: The realm.
    ///   - seed: The seed.
    ///   - parameters: TOTP parameters.
    public init(name: String, realm: String, seed: OTPSecret, parameters: TOTPParameters = .init()) {
        self.init(name: name, realm: realm, proof: .seed(seed), parameters: parameters)
    }

    /// A credential with a token as presented (e.g. in a request).
    /// - Parameters:
    ///   - name: The name.
    ///   - realm: The realm.
    ///   - token: The token.
    public init(name: String, realm: String, token: String) {
        self.init(name: name, realm: realm, proof: .token(token))
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
