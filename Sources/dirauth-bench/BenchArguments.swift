// SPDX-License-Identifier: Apache-2.0
// `--name value` options of a subcommand, read without a parser library.

/// The options of one subcommand: `--name value` pairs.
struct BenchArguments {
    private var values: [String: String] = [:]

    /// Reads `--name value` pairs.
    /// - Parameter arguments: The words after the subcommand.
    /// - Throws: ``BenchError/usage(_:)`` for a word that is not an option or an option without a value.
    init(_ arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            guard word.hasPrefix("--"), word.count > 2 else {
                throw BenchError.usage("unexpected argument \"\(word)\"")
            }
            guard index + 1 < arguments.count else {
                throw BenchError.usage("\(word) needs a value")
            }
            values[String(word.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
    }

    /// A required text option.
    /// - Parameter name: The option without `--`.
    /// - Throws: ``BenchError/usage(_:)`` when it is missing.
    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw BenchError.usage("--\(name) is required") }
        return value
    }

    /// An optional text option.
    /// - Parameters:
    ///   - name: The option without `--`.
    ///   - fallback: The value when it is missing.
    func string(_ name: String, default fallback: String) -> String {
        values[name] ?? fallback
    }

    /// An integer option.
    /// - Parameters:
    ///   - name: The option without `--`.
    ///   - fallback: The value when it is missing (nil: required).
    /// - Throws: ``BenchError/usage(_:)`` when missing (and required) or not an integer.
    func int(_ name: String, default fallback: Int? = nil) throws -> Int {
        guard let text = values[name] else {
            guard let fallback else { throw BenchError.usage("--\(name) is required") }
            return fallback
        }
        guard let value = Int(text) else { throw BenchError.usage("--\(name) must be an integer, not \"\(text)\"") }
        return value
    }

    /// A floating-point option.
    /// - Parameters:
    ///   - name: The option without `--`.
    ///   - fallback: The value when it is missing.
    /// - Throws: ``BenchError/usage(_:)`` when it is not a number.
    func double(_ name: String, default fallback: Double) throws -> Double {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text) else { throw BenchError.usage("--\(name) must be a number, not \"\(text)\"") }
        return value
    }
}
