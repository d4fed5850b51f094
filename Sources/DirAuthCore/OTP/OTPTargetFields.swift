// SPDX-License-Identifier: Apache-2.0

import OTP

/// The triple a caller asks `/verify/` about, as the request carried it.
public struct OTPTargetFields: Sendable, Hashable {
    /// The target's name field.
    public var name: FieldInput
    /// The target's realm field.
    public var realm: FieldInput
    /// The target's token field.
    public var token: FieldInput
    /// Whether field problems list the token before the realm (ungleich-otp 0.6's
    /// `VerifySerializer` order: `verifyname`, `verifytoken`, `verifyrealm`).
    public var tokenBeforeRealm: Bool

    /// Creates the target fields.
    /// - Parameters:
    ///   - name: The name field.
    ///   - realm: The realm field.
    ///   - token: The token field.
    ///   - tokenBeforeRealm: The 0.6 reporting order.
    public init(name: FieldInput, realm: FieldInput, token: FieldInput, tokenBeforeRealm: Bool = false) {
        self.name = name
        self.realm = realm
        self.token = token
        self.tokenBeforeRealm = tokenBeforeRealm
    }

    /// The problems of the three fields in reporting order (DRF `CharField(max_length=128)`).
    var problems: [FieldError] {
        let ordered = tokenBeforeRealm ? [name, token, realm] : [name, realm, token]
        return ordered.compactMap { input in
            switch input.value {
            case .absent: FieldError(input.field, .missing)
            case .notAString: FieldError(input.field, .notAString)
            case .text(let text) where text.isEmpty: FieldError(input.field, .blank)
            case .text(let text) where text.count > OTPService.maximumFieldLength: FieldError(input.field, .tooLong(maximum: OTPService.maximumFieldLength))
            case .text: nil
            }
        }
    }

    /// The triple, with any field that is not text taken as empty.
    var credential: OTPCredential {
        OTPCredential(name: name.text ?? "", realm: realm.text ?? "", token: token.text ?? "")
    }
}
