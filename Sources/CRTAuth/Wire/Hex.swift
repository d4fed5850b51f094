// SPDX-License-Identifier: Apache-2.0
// Hex rendering for diagnostics and tests (never for secrets).

/// Two lowercase hex digits.
func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]])
}

/// Lowercase hex of bytes (for diagnostics and tests; never for secrets).
func hex(_ bytes: [UInt8]) -> String {
    bytes.map { hex($0) }.joined()
}
