// SPDX-License-Identifier: Apache-2.0

// A private slapd for tests that signal, kill or restart their directory server.
public import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `kill(2)`, under a name that the ``ThrowawayDirectory/kill()`` method does not shadow.
private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    kill(pid, signal)
}

/// A throwaway slapd with the sample directory, private to one test.
///
/// It runs `scripts/directory.sh` in its own run dir,
/// `<TestEnvironment.runDirectory>/<name>`, on two free loopback ports, so a test
/// may stop it with `SIGSTOP`, kill it or restart it without disturbing the shared
/// directory that `make test` started.
///
/// ```swift
/// let directory = try await ThrowawayDirectory.start(name: "hung-server")
/// let uri = try directory.environment.require("DIRAUTH_LDAP_URI")
/// try directory.pause()          // operations against `uri` now hang
/// try directory.resume()
/// try await directory.stop()
/// ```
///
/// Always call ``stop()`` at the end of the test. If the object goes away while
/// slapd still runs, `deinit` sends it `SIGTERM` as a last resort.
public final class ThrowawayDirectory: Sendable {
    /// The run dir: `directory.env`, `slapd/`, `tls/` and `keys/` live here.
    public let runDirectory: URL
    /// The plain LDAP (and StartTLS) port on 127.0.0.1.
    public let ldapPort: Int
    /// The LDAPS port on 127.0.0.1.
    public let ldapsPort: Int

    private struct State {
        var environment: DirectoryEnvironment
        var pid: pid_t
        var stopped: Bool
    }

    private let state: Mutex<State>

    /// The settings `scripts/directory.sh` wrote to `directory.env` at the latest
    /// start (URIs, bind DNs and passwords, CA files, demo OTP seeds, `SLAPD_PID`).
    ///
    /// Passwords, seeds and ports stay the same across ``restart()``; `SLAPD_PID` changes.
    public var environment: DirectoryEnvironment {
        state.withLock { $0.environment }
    }

    /// The process id of the running slapd (the latest one after ``restart()``).
    public var pid: Int32 {
        state.withLock { $0.pid }
    }

    private init(runDirectory: URL, ldapPort: Int, ldapsPort: Int, environment: DirectoryEnvironment, pid: pid_t) {
        self.runDirectory = runDirectory
        self.ldapPort = ldapPort
        self.ldapsPort = ldapsPort
        self.state = Mutex(State(environment: environment, pid: pid, stopped: false))
    }

    deinit {
        let (pid, stopped) = state.withLock { ($0.pid, $0.stopped) }
        if !stopped, pid > 0 {
            _ = sendSignal(pid, SIGCONT)
            _ = sendSignal(pid, SIGTERM)
        }
    }

    /// Starts a new private slapd on two free loopback ports.
    ///
    /// An existing run dir of the same name is reused (same passwords, seeds and
    /// data), so give every test its own name.
    ///
    /// - Parameter name: The run dir's name below ``TestEnvironment/runDirectory``:
    ///   letters, digits, `-`, `_` and `.` only.
    /// - Returns: The running directory; its ``environment`` holds the settings.
    /// - Throws: ``TestEnvironmentError`` when the name is unusable, no free port is
    ///   found, or `scripts/directory.sh start` fails (its output is in the message).
    public static func start(name: String) async throws -> ThrowawayDirectory {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard !name.isEmpty, name != ".", name != "..", name.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
            throw TestEnvironmentError("ThrowawayDirectory: unusable name \(name.debugDescription)")
        }
        let runDirectory = TestEnvironment.runDirectory.appendingPathComponent(name, isDirectory: true)
        let (ldapPort, ldapsPort) = try freePortPair()
        let (environment, pid) = try await runScript(
            "start", runDirectory: runDirectory, ldapPort: ldapPort, ldapsPort: ldapsPort
        )
        return ThrowawayDirectory(
            runDirectory: runDirectory, ldapPort: ldapPort, ldapsPort: ldapsPort, environment: environment, pid: pid
        )
    }

    /// Freezes slapd with `SIGSTOP`: connections stay open, nothing is answered.
    ///
    /// - Throws: ``TestEnvironmentError`` when the signal cannot be sent.
    public func pause() throws {
        try signal(SIGSTOP, "SIGSTOP")
    }

    /// Lets a paused slapd run again with `SIGCONT`.
    ///
    /// - Throws: ``TestEnvironmentError`` when the signal cannot be sent.
    public func resume() throws {
        try signal(SIGCONT, "SIGCONT")
    }

    /// Kills slapd with `SIGKILL` and waits until the process is gone.
    ///
    /// The data stays; ``restart()`` brings the same directory back on the same ports.
    ///
    /// - Throws: ``TestEnvironmentError`` when the signal cannot be sent or the
    ///   process is still there after 10 seconds.
    public func kill() async throws {
        let pid = self.pid
        try signal(SIGKILL, "SIGKILL")
        for _ in 0..<1000 {
            if Self.processIsGone(pid) { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestEnvironmentError("ThrowawayDirectory: slapd (pid \(pid)) still runs 10 s after SIGKILL")
    }

    /// Starts slapd again on the same ports with the same data, passwords and seeds
    /// (after ``kill()``, ``stop()`` or while it runs, when it is a no-op).
    ///
    /// A paused slapd is resumed first.
    ///
    /// - Throws: ``TestEnvironmentError`` when `scripts/directory.sh start` fails.
    public func restart() async throws {
        let pid = self.pid
        if !Self.processIsGone(pid) {
            _ = sendSignal(pid, SIGCONT)
        }
        let (environment, newPID) = try await Self.runScript(
            "start", runDirectory: runDirectory, ldapPort: ldapPort, ldapsPort: ldapsPort
        )
        state.withLock {
            $0.environment = environment
            $0.pid = newPID
            $0.stopped = false
        }
    }

    /// Stops slapd (`SIGINT`; a paused one is woken first) and waits until it is gone.
    ///
    /// The run dir stays on disk for inspection; `make test` removes it.
    ///
    /// - Throws: ``TestEnvironmentError`` when `scripts/directory.sh stop` fails.
    public func stop() async throws {
        _ = try await Self.runScriptOutput(
            "stop", runDirectory: runDirectory, ldapPort: ldapPort, ldapsPort: ldapsPort
        )
        state.withLock { $0.stopped = true }
    }

    // MARK: - Internals

    private func signal(_ signal: Int32, _ name: String) throws {
        let pid = self.pid
        guard pid > 0, sendSignal(pid, signal) == 0 else {
            throw TestEnvironmentError(
                "ThrowawayDirectory: \(name) to slapd (pid \(pid)) failed: \(String(cString: strerror(errno)))"
            )
        }
    }

    /// True when `pid` no longer exists or is a zombie waiting to be reaped.
    private static func processIsGone(_ pid: pid_t) -> Bool {
        guard pid > 0 else { return true }
        #if os(Linux)
        // /proc/<pid>/stat: "pid (comm) S ..."; the state follows the last ')'.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
        #else
        return sendSignal(pid, 0) != 0 && errno == ESRCH
        #endif
    }

    /// Runs `scripts/directory.sh start`, then reads `directory.env` and the PID.
    private static func runScript(
        _ command: String, runDirectory: URL, ldapPort: Int, ldapsPort: Int
    ) async throws -> (DirectoryEnvironment, pid_t) {
        _ = try await runScriptOutput(command, runDirectory: runDirectory, ldapPort: ldapPort, ldapsPort: ldapsPort)
        let file = runDirectory.appendingPathComponent("directory.env")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw TestEnvironmentError("ThrowawayDirectory: scripts/directory.sh wrote no \(file.path)")
        }
        let environment = DirectoryEnvironment(values: EnvFile.parse(text))
        guard let pidText = environment["SLAPD_PID"], let pid = pid_t(pidText), pid > 0 else {
            throw TestEnvironmentError("ThrowawayDirectory: \(file.path) has no valid SLAPD_PID")
        }
        return (environment, pid)
    }

    /// Runs `scripts/directory.sh COMMAND` for this run dir and ports, without
    /// blocking the cooperative pool: the process reports its end through
    /// `terminationHandler`. Output goes to a file (slapd inherits nothing of ours).
    private static func runScriptOutput(
        _ command: String, runDirectory: URL, ldapPort: Int, ldapsPort: Int
    ) async throws -> String {
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let script = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/directory.sh")
        var environment = ProcessInfo.processInfo.environment
        environment["DIRAUTH_RUN_DIR"] = runDirectory.path
        environment["LDAP_PORT"] = String(ldapPort)
        environment["LDAPS_PORT"] = String(ldapsPort)
        let (status, text) = try await TestProcess.run(
            "/bin/bash", [script.path, command], environment: environment,
            outputFile: runDirectory.appendingPathComponent("directory-script.log")
        )
        guard status == 0 else {
            throw TestEnvironmentError(
                "ThrowawayDirectory: `scripts/directory.sh \(command)` in \(runDirectory.path) exited \(status):\n\(text)"
            )
        }
        return text
    }

    /// Two distinct free TCP ports on 127.0.0.1, found by binding port 0 twice.
    private static func freePortPair() throws -> (Int, Int) {
        let first = try BoundSocket()
        let second = try BoundSocket()
        return (first.port, second.port)
    }

    /// A TCP socket bound to 127.0.0.1 on a port the kernel picked; closed on deinit.
    private final class BoundSocket {
        let descriptor: Int32
        let port: Int

        init() throws {
            #if canImport(Glibc) || canImport(Musl)
            let type = Int32(SOCK_STREAM.rawValue)
            #else
            let type = SOCK_STREAM
            #endif
            let fd = socket(AF_INET, type, 0)
            guard fd >= 0 else {
                throw TestEnvironmentError("ThrowawayDirectory: socket() failed: \(String(cString: strerror(errno)))")
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
            }
            var actual = sockaddr_in()
            var actualLength = length
            let named = withUnsafeMutablePointer(to: &actual) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
            }
            guard bound == 0, named == 0 else {
                let message = String(cString: strerror(errno))
                close(fd)
                throw TestEnvironmentError("ThrowawayDirectory: binding a free port failed: \(message)")
            }
            descriptor = fd
            port = Int(UInt16(bigEndian: actual.sin_port))
        }

        deinit {
            close(descriptor)
        }
    }
}
