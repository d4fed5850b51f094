// SPDX-License-Identifier: Apache-2.0
// The entry point every fuzz target shares.
//
// Built with `-Xswiftc -DDIRAUTH_FUZZ -Xswiftc -sanitize=fuzzer` (scripts/fuzz.sh), `fuzzMain`
// hands control to libFuzzer through `LLVMFuzzerRunDriver` (the target keeps its own `main`, so
// the same file builds in the ordinary `swift build`). Without the flag, the executable replays
// the files and directories named on its command line once each: a crash reproducer or a whole
// corpus runs through the same code without any sanitizer runtime.
//
// `LLVMFuzzerTestOneInput` is exported as well, for drivers that call it themselves (AFL++'s
// libAFLDriver).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The body of the running target; set once by ``fuzzMain(_:)`` before any input runs.
nonisolated(unsafe) private var fuzzBody: (([UInt8]) -> Void)?

/// libFuzzer's per-input callback.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    fuzzBody?(bytes)
    return 0
}

#if DIRAUTH_FUZZ
/// libFuzzer's driver (compiler-rt `FuzzerInterface.h`):
/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *, size_t))`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// Runs `body` on every input: under libFuzzer when built for fuzzing, else on each file named
/// in the arguments (directories: every file in them). Never returns.
/// - Parameter body: checks one input; a failed check must trap (`precondition`, `fatalError`).
public func fuzzMain(_ body: @escaping ([UInt8]) -> Void) -> Never {
    fuzzBody = body
    #if DIRAUTH_FUZZ
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(runDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    #else
    var count = 0
    for argument in CommandLine.arguments.dropFirst() {
        for path in files(at: argument) {
            guard let bytes = read(path) else {
                print("fuzz replay: cannot read \(path)")
                exit(2)
            }
            body(bytes)
            count += 1
        }
    }
    print("fuzz replay: \(count) inputs, no failure")
    exit(0)
    #endif
}

/// The regular files at `path`: the file itself, or the entries of a directory (not recursive).
private func files(at path: String) -> [String] {
    guard let dir = opendir(path) else { return [path] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
            String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
        }
        if !name.hasPrefix(".") { names.append(path + "/" + name) }
    }
    return names.sorted()
}

/// The whole file, or nil.
private func read(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buffer, 1, buffer.count, file)
        if n > 0 { bytes.append(contentsOf: buffer[0..<n]) }
        if n < buffer.count { break }
    }
    return bytes
}

/// Input splitting helpers: a fuzz input is a selector byte plus a payload.
public struct FuzzInput {
    /// The selector (first byte), 0 for an empty input.
    public let selector: UInt8
    /// The bytes after the selector.
    public let payload: [UInt8]

    /// Splits raw fuzz data.
    public init(_ data: [UInt8]) {
        selector = data.first ?? 0
        payload = Array(data.dropFirst())
    }

    /// The payload as a string (invalid UTF-8 repaired, as a server's HTTP layer would hand it on).
    public var string: String { String(decoding: payload, as: UTF8.self) }

    /// The payload split at the first 0x00 into two parts (the second empty without one).
    public var pair: ([UInt8], [UInt8]) {
        guard let zero = payload.firstIndex(of: 0) else { return (payload, []) }
        return (Array(payload[..<zero]), Array(payload[(zero + 1)...]))
    }
}
