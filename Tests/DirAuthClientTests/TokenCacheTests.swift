// SPDX-License-Identifier: Apache-2.0

import DirAuthClient
import Foundation
import Testing

@Suite("Token cache on disk")
struct TokenCacheTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dirauth-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func mode(_ url: URL) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    @Test("the standard place is $XDG_CACHE_HOME/dirauth, else ~/.cache/dirauth")
    func standardPlace() throws {
        #expect(try TokenCache.standard(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/a"]).directory.path == "/x/cache/dirauth")
        #expect(try TokenCache.standard(environment: ["XDG_CACHE_HOME": "", "HOME": "/home/a"]).directory.path == "/home/a/.cache/dirauth")
        #expect(throws: DirAuthClientError.invalidArgument("")) { try TokenCache.standard(environment: [:]) }
    }

    @Test("a stored token is mode 0600 in a 0700 folder and comes back until it expires")
    func storeAndLoad() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = try TokenCache.standard(environment: ["XDG_CACHE_HOME": root.path])
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let session = DirAuthSession(origin: "http://localhost:8080", username: "alice", token: "tok", expiresAt: now.addingTimeInterval(60))
        try cache.store(session)

        let file = cache.fileURL(origin: "http://localhost:8080", username: "alice")
        #expect(try Self.mode(file) == 0o600)
        #expect(try Self.mode(cache.directory) == 0o700)
        #expect(cache.load(origin: "http://localhost:8080", username: "alice", now: now) == session)
        #expect(cache.load(origin: "http://localhost:8080", username: "alice", now: now.addingTimeInterval(54)) == session)
        // Within the 5 s margin of expiry, and after it: gone.
        #expect(cache.load(origin: "http://localhost:8080", username: "alice", now: now.addingTimeInterval(56)) == nil)
        #expect(cache.load(origin: "http://localhost:8080", username: "alice", now: now.addingTimeInterval(61)) == nil)
        // Other users and origins do not see it.
        #expect(cache.load(origin: "http://localhost:8080", username: "bob", now: now) == nil)
        #expect(cache.load(origin: "https://localhost:8080", username: "alice", now: now) == nil)
    }

    @Test("a cache file others can read is ignored and removed")
    func loosePermissions() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = TokenCache(directory: root.appendingPathComponent("dirauth"))
        let now = Date()
        try cache.store(DirAuthSession(origin: "http://h", username: "u", token: "t", expiresAt: now.addingTimeInterval(60)))
        let file = cache.fileURL(origin: "http://h", username: "u")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        #expect(cache.load(origin: "http://h", username: "u", now: now) == nil)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a newer token replaces the older one; remove forgets it")
    func replaceAndRemove() throws {
        let root = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let cache = TokenCache(directory: root.appendingPathComponent("dirauth"))
        let now = Date()
        try cache.store(DirAuthSession(origin: "http://h", username: "u", token: "one", expiresAt: now.addingTimeInterval(60)))
        try cache.store(DirAuthSession(origin: "http://h", username: "u", token: "two", expiresAt: now.addingTimeInterval(60)))
        #expect(cache.load(origin: "http://h", username: "u", now: now)?.token == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory.path).count == 1)
        cache.remove(origin: "http://h", username: "u")
        #expect(cache.load(origin: "http://h", username: "u", now: now) == nil)
    }

    @Test("file names are distinct for distinct (origin, user) pairs and never hidden or nested")
    func fileNames() {
        let cache = TokenCache(directory: URL(fileURLWithPath: "/c"))
        let a = cache.fileURL(origin: "http://a_b", username: "c")
        let b = cache.fileURL(origin: "http://a", username: "b@c")
        let c = cache.fileURL(origin: "http://a", username: "../../etc/passwd")
        #expect(a != b)
        #expect(c.deletingLastPathComponent().path == "/c")
        #expect(!c.lastPathComponent.hasPrefix("."))
        #expect(!c.lastPathComponent.contains("/"))
    }

    @Test("the session's description never shows the token")
    func redacted() {
        let session = DirAuthSession(origin: "http://h", username: "u", token: "SECRET-TOKEN", expiresAt: Date())
        #expect(!"\(session)".contains("SECRET-TOKEN"))
    }
}
