// SPDX-License-Identifier: Apache-2.0
// A small, bounded, in-memory cache of dirauthd's answers, so a burst of requests with the same
// token costs one call to /v1/verify.

import Foundation
import Synchronization

/// Answers by token, each kept until its own expiry; at most `capacity` entries.
final class VerificationCache: Sendable {
    enum Answer: Sendable {
        case valid(DirAuthIdentity)
        case rejected(String)
    }

    private struct Entry {
        var answer: Answer
        var expiresAt: Date
    }

    let capacity: Int
    private let entries = Mutex<[String: Entry]>([:])

    init(capacity: Int) {
        self.capacity = capacity
    }

    func answer(for token: String, now: Date) -> Answer? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expiresAt > now else {
                entries[token] = nil
                return nil
            }
            return entry.answer
        }
    }

    func store(_ answer: Answer, for token: String, until expiresAt: Date, now: Date) {
        guard capacity > 0, expiresAt > now else { return }
        entries.withLock { entries in
            if entries.count >= capacity, entries[token] == nil {
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= capacity {
                    // Still full of live answers: drop the quarter that expires soonest.
                    let victims = entries.sorted { $0.value.expiresAt < $1.value.expiresAt }.prefix(max(1, capacity / 4))
                    for (key, _) in victims { entries[key] = nil }
                }
            }
            entries[token] = Entry(answer: answer, expiresAt: expiresAt)
        }
    }

    var count: Int { entries.withLock { $0.count } }
}
