// SPDX-License-Identifier: Apache-2.0

@testable import DirAuthServer
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

/// The deadlines and the connection limit on NIO's embedded channel, whose clock the test
/// moves (the same behaviour against real sockets: `Tests/Interop/test_http_deadlines.py`).
@Suite("Connection deadlines")
struct ConnectionDeadlineTests {
    static let settings: HTTPSettings = {
        var settings = HTTPSettings()
        settings.idleTimeout = .seconds(75)
        settings.headerTimeout = .seconds(10)
        settings.bodyTimeout = .seconds(30)
        return settings
    }()

    /// An open connection with a deadline handler, in a registry of `limit` connections.
    func connection(
        registry: ConnectionRegistry = ConnectionRegistry(limit: 100)
    ) throws -> (EmbeddedChannel, HTTPConnectionDeadlineHandler) {
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let handler = HTTPConnectionDeadlineHandler(settings: Self.settings, registry: registry, logger: Logger(label: "test"))
        try channel.pipeline.syncOperations.addHandler(handler)
        return (channel, handler)
    }

    func head(_ version: HTTPVersion = .http1_1, _ headers: HTTPHeaders = [:]) -> HTTPServerRequestPart {
        .head(HTTPRequestHead(version: version, method: .GET, uri: "/healthz", headers: headers))
    }

    func respond(_ channel: EmbeddedChannel) throws -> HTTPResponseHead {
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        guard case .head(let head) = try channel.readOutbound(as: HTTPServerResponsePart.self) else {
            Issue.record("no response head")
            return HTTPResponseHead(version: .http1_1, status: .internalServerError)
        }
        _ = try channel.readOutbound(as: HTTPServerResponsePart.self)
        return head
    }

    @Test("a connection with no request is closed at the idle timeout, not before")
    func idle() throws {
        let (channel, _) = try connection()
        channel.embeddedEventLoop.advanceTime(by: .seconds(74))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test("a head begun is answered 408 and closed at the header timeout, however long the idle timeout")
    func header() throws {
        let (channel, handler) = try connection()
        channel.embeddedEventLoop.advanceTime(by: .seconds(60))
        handler.bytesReceived()
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        guard case .head(let response) = try channel.readOutbound(as: HTTPServerResponsePart.self) else {
            Issue.record("no 408")
            return
        }
        #expect(response.status == .requestTimeout && response.headers["connection"] == ["close"])
        #expect(!channel.isActive)
    }

    @Test("a body has the body timeout in total: parts arriving do not extend it")
    func body() throws {
        let (channel, handler) = try connection()
        handler.bytesReceived()
        try channel.writeInbound(head())
        for _ in 0..<29 {
            handler.bytesReceived()
            try channel.writeInbound(HTTPServerRequestPart.body(ByteBuffer(string: " ")))
            channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        }
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test("a request being answered has no deadline here; after the answer the idle timeout runs again")
    func responding() throws {
        let (channel, handler) = try connection()
        handler.bytesReceived()
        try channel.writeInbound(head())
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(600))
        #expect(channel.isActive)
        #expect(try respond(channel).headers["connection"].isEmpty)
        channel.embeddedEventLoop.advanceTime(by: .seconds(74))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(!channel.isActive)
    }

    @Test(
        "HTTP/1.0 without keep-alive and Connection: close are answered with Connection: close, then closed",
        arguments: [
            (HTTPVersion.http1_0, HTTPHeaders()), (.http1_1, HTTPHeaders([("Connection", "close")])),
            (.http1_1, HTTPHeaders([("connection", "Close")])),
        ]
    )
    func closeAfterResponse(version: HTTPVersion, headers: HTTPHeaders) throws {
        let (channel, _) = try connection()
        try channel.writeInbound(head(version, headers))
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        #expect(try respond(channel).headers["connection"] == ["close"])
        #expect(!channel.isActive)
    }

    @Test("HTTP/1.0 with keep-alive stays open")
    func http10KeepAlive() throws {
        let (channel, _) = try connection()
        try channel.writeInbound(head(.http1_0, HTTPHeaders([("Connection", "keep-alive")])))
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        #expect(try respond(channel).headers["connection"].isEmpty)
        #expect(channel.isActive)
    }

    @Test("a full server closes, to make room, idle connections first, then slow heads, then slow bodies; never one being answered")
    func shedding() throws {
        let registry = ConnectionRegistry(limit: 4, freshGrace: .zero)
        let (answering, _) = try connection(registry: registry)
        try answering.writeInbound(head())
        try answering.writeInbound(HTTPServerRequestPart.end(nil))
        let (body, bodyHandler) = try connection(registry: registry)
        bodyHandler.bytesReceived()
        try body.writeInbound(head())
        let (slowHead, slowHeadHandler) = try connection(registry: registry)
        slowHeadHandler.bytesReceived()
        #expect(registry.count == 3)

        let (fourth, _) = try connection(registry: registry)  // fills the server; no other is idle
        #expect(!slowHead.isActive && body.isActive && answering.isActive && fourth.isActive)
        let (fifth, _) = try connection(registry: registry)  // `fourth` is idle
        #expect(!fourth.isActive && body.isActive && answering.isActive && fifth.isActive)
        let (sixth, sixthHandler) = try connection(registry: registry)
        #expect(!fifth.isActive && sixth.isActive)
        sixthHandler.bytesReceived()
        let (seventh, _) = try connection(registry: registry)  // a slow head goes before a slow body
        #expect(!sixth.isActive && body.isActive && seventh.isActive)
        try seventh.writeInbound(head())
        try seventh.writeInbound(HTTPServerRequestPart.end(nil))
        let (eighth, _) = try connection(registry: registry)  // only the slow body waits on its client
        #expect(!body.isActive && seventh.isActive && eighth.isActive && answering.isActive)
    }

    @Test("a server full of connections being answered closes each once it is answered")
    func fullClosesAfterAnswering() throws {
        let registry = ConnectionRegistry(limit: 2)
        let (first, _) = try connection(registry: registry)
        try first.writeInbound(head())
        try first.writeInbound(HTTPServerRequestPart.end(nil))
        let (second, _) = try connection(registry: registry)
        try second.writeInbound(head())
        try second.writeInbound(HTTPServerRequestPart.end(nil))
        #expect(first.isActive && second.isActive && registry.isFull)

        #expect(try respond(first).headers["connection"] == ["close"])
        #expect(!first.isActive && !registry.isFull)
        #expect(try respond(second).headers["connection"].isEmpty)
        #expect(second.isActive)
    }

    @Test("a connection just accepted (or just answered) is closed only after every other candidate")
    func freshConnectionsAreSpared() throws {
        let registry = ConnectionRegistry(limit: 3)  // 1 s of grace
        let (slowHead, slowHeadHandler) = try connection(registry: registry)
        slowHeadHandler.bytesReceived()
        let (body, bodyHandler) = try connection(registry: registry)
        bodyHandler.bytesReceived()
        try body.writeInbound(head())
        let (fresh, _) = try connection(registry: registry)  // fills the server: a slow head goes
        #expect(!slowHead.isActive && body.isActive && fresh.isActive)
        let (next, _) = try connection(registry: registry)  // the slow body goes before the fresh idle one
        #expect(!body.isActive && fresh.isActive && next.isActive)
        let (last, _) = try connection(registry: registry)  // only fresh ones left: the oldest goes
        #expect(!fresh.isActive && next.isActive && last.isActive)
    }
}
