// SPDX-License-Identifier: Apache-2.0

/// Where an HTTP connection is in its request cycle; each phase but ``responding`` waits for
/// the client and has a deadline (``HTTPSettings``).
enum ConnectionPhase: Sendable, Hashable {
    /// No request started: just opened, or answered its last request (idle timeout).
    case idle
    /// A request's first byte arrived, its head is not complete (header timeout).
    case readingHead
    /// A request's head is complete, its body is not (body timeout).
    case readingBody
    /// The request is complete and being answered; only the handler's own timeouts bound it.
    case responding

    /// The order in which a full server closes connections to make room (lower first);
    /// `nil` for a connection that is being answered.
    var sheddingRank: Int? {
        switch self {
        case .idle: 0
        case .readingHead: 1
        case .readingBody: 2
        case .responding: nil
        }
    }
}
