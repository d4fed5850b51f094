// SPDX-License-Identifier: Apache-2.0

/// Receives the ``SecurityEvent``s of the application services.
///
/// `record` is called on the request's task, on the hot path: a sink does little work there
/// (format a line, bump a counter, enqueue) and never blocks.
/// ```swift
/// struct Counting: SecurityEventSink {
///     let counts: Mutex<[SecurityEvent.Kind: Int]>
///     func record(_ event: SecurityEvent) { counts.withLock { $0[event.kind, default: 0] += 1 } }
/// }
/// ```
public protocol SecurityEventSink: Sendable {
    /// Takes one event.
    /// - Parameter event: What happened.
    func record(_ event: SecurityEvent)

    /// Whether events of `kind` would be kept at all; services skip building those that are not
    /// (an accepted OTP check is on every protected request). The default is `true`.
    /// - Parameter kind: The kind of event.
    func wants(_ kind: SecurityEvent.Kind) -> Bool
}

extension SecurityEventSink {
    /// Every kind is wanted.
    public func wants(_ kind: SecurityEvent.Kind) -> Bool { true }
}
