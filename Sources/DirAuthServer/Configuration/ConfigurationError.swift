// SPDX-License-Identifier: Apache-2.0

/// A setting of dirauthd is missing or malformed.
///
/// `dirauthd` prints ``description`` as the single line it says before it exits,
/// so the message always names the setting (its environment variable) and what
/// a good value looks like. It never contains the value of a secret.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment variable (or configuration-file key) at fault, e.g. `DIRAUTH_LDAP_URI`.
    public var setting: String
    /// What is wrong with it.
    public var problem: String

    /// Creates an error for `setting`.
    /// - Parameters:
    ///   - setting: The environment variable name of the setting.
    ///   - problem: A short explanation that tells the operator how to fix it.
    public init(setting: String, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    public var description: String { "\(setting): \(problem)" }
}
