// SPDX-License-Identifier: Apache-2.0

public import DirAuthAPI

/// Something that can tell whether the directory servers answer.
public protocol DirectoryHealthProbe: Sendable {
    /// Checks every configured directory server (bounded by the operation timeout).
    func check() async -> [DirectoryHealth]
}
