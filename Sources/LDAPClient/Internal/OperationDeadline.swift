// SPDX-License-Identifier: Apache-2.0

/// When the current LDAP operation must be over: set once per operation by the leaser, read by
/// every wait and blocking call under it, so queueing, connecting and the call itself share one
/// operation timeout.
enum OperationDeadline {
    /// The deadline of the operation this task runs, if any.
    @TaskLocal static var current: ContinuousClock.Instant?
}
