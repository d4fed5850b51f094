// SPDX-License-Identifier: Apache-2.0

/// Where the application services get randomness (challenge nonces, new OTP seeds): the
/// system's cryptographically secure generator in production; tests may inject their own.
public struct RandomSource: Sendable {
    private let makeGenerator: @Sendable () -> any RandomNumberGenerator

    /// A source that hands out a generator per use.
    /// - Parameter makeGenerator: Makes the generator one operation draws from.
    public init(_ makeGenerator: @escaping @Sendable () -> any RandomNumberGenerator) {
        self.makeGenerator = makeGenerator
    }

    /// The operating system's cryptographically secure generator.
    public static let system = RandomSource { SystemRandomNumberGenerator() }

    /// A generator for one operation.
    func generator() -> any RandomNumberGenerator { makeGenerator() }
}
