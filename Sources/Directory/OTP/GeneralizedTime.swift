// SPDX-License-Identifier: Apache-2.0

import Foundation

/// LDAP GeneralizedTime in the UTC form slapd stores (RFC 4517 §3.3.13): `YYYYMMDDHHMMSSZ`.
enum GeneralizedTime {
    /// `20261122134300Z` for a date (whole seconds, UTC).
    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let v = value ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        let year = String(c.year ?? 1970)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(c.month) + two(c.day) + two(c.hour) + two(c.minute) + two(c.second) + "Z"
    }

    /// The date of a `YYYYMMDDHHMMSS[.fff]Z` value; `nil` for other forms.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 15, bytes.last == UInt8(ascii: "Z") else { return nil }
        var numbers: [Int] = []
        var index = 0
        for width in [4, 2, 2, 2, 2, 2] {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + width)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            numbers.append(value)
            index += width
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(year: numbers[0], month: numbers[1], day: numbers[2], hour: numbers[3], minute: numbers[4], second: numbers[5])
        return calendar.date(from: components)
    }
}
