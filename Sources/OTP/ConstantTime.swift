// SPDX-License-Identifier: Apache-2.0

/// Comparisons whose running time does not depend on where the inputs differ.
enum ConstantTime {
    /// Whether two byte sequences are equal, examining every byte of equal-length inputs.
    /// Lengths are not secret here (they are code lengths or key lengths).
    static func equal(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(lhs, rhs) {
            difference |= a ^ b
        }
        return difference == 0
    }
}
