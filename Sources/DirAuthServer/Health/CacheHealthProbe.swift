// SPDX-License-Identifier: Apache-2.0

public import DirAuthAPI

/// Something that can tell what the caches hold.
public protocol CacheHealthProbe: Sendable {
    /// The caches' current state.
    func check() async -> CacheHealth
}
