// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import NIOHTTP1

/// The deadlines of one HTTP/1 connection, and its closing when a request asks for it.
///
/// Sits right after NIO's HTTP/1 decoder, where the request's version and `Connection`
/// header are still known (Hummingbird's request has neither), and is told by a
/// ``RequestByteObserver`` at the head of the pipeline when a request's first byte arrives.
/// Phases and deadlines (``HTTPSettings``):
///
/// - idle, from opening or the last response: `idleTimeout`, then closed;
/// - reading a head, from its first byte: `headerTimeout`, then `408` and closed;
/// - reading a body, from the end of the head: `bodyTimeout` (in total), then `408` and closed;
/// - responding: no deadline here.
///
/// Hummingbird's own idle timeout is not used: it restarts on every decoded part (a body
/// sent a byte at a time never times out) and cannot tell an idle connection from a
/// slowly sent head. A request without keep-alive (HTTP/1.0 without `Connection:
/// keep-alive`, or `Connection: close`) is answered with `Connection: close` and the
/// connection is closed once the response is written; so is every request answered before
/// its body was read, or while the server is full (``ConnectionRegistry``).
final class HTTPConnectionDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private let settings: HTTPSettings
    private let registry: ConnectionRegistry
    private let logger: Logger
    private var context: ChannelHandlerContext?
    private var phase: ConnectionPhase = .idle
    private var timer: Scheduled<Void>?
    /// For each request read and not yet answered: whether the connection may serve another.
    private var keepAlive: [Bool] = []
    /// A head arrived whose end has not.
    private var readingRequest = false
    /// The response being written ends the connection.
    private var closeAfterResponse = false
    /// A response head was written whose end was not (a deadline then closes without a 408).
    private var writingResponse = false
    private var closing = false

    /// Creates the handler of one connection.
    /// - Parameters:
    ///   - settings: The deadlines.
    ///   - registry: The listener's connections.
    ///   - logger: Where closing for a deadline is logged (`debug`).
    init(settings: HTTPSettings, registry: ConnectionRegistry, logger: Logger) {
        self.settings = settings
        self.registry = registry
        self.logger = logger
    }

    private var id: ObjectIdentifier { ObjectIdentifier(self) }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        registry.opened(id, channel: context.channel)
        enter(.idle)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stop()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    /// A request's bytes arrived (from ``RequestByteObserver``): the head's deadline starts
    /// if no request was under way.
    func bytesReceived() {
        if phase == .idle, !closing { enter(.readingHead) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive.append(head.isKeepAlive)
            readingRequest = true
            if phase != .responding { enter(.readingBody) }
        case .body:
            break
        case .end:
            readingRequest = false
            if phase == .readingBody { enter(.responding) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            writingResponse = true
            // A response before the whole request was read (an error, a too large body):
            // reading the rest only to reuse the connection would serve a slow client.
            // A response that says `Connection: close` itself (Hummingbird's 400 for a request
            // it cannot parse) ends the connection too: Hummingbird only half-closes it.
            closeAfterResponse =
                !(keepAlive.first ?? true) || readingRequest || registry.isFull
                || head.headers[canonicalForm: "connection"].contains { $0.lowercased() == "close" }
            if closeAfterResponse { head.headers.replaceOrAdd(name: "connection", value: "close") }
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            writingResponse = false
            if !keepAlive.isEmpty { keepAlive.removeFirst() }
            guard !closeAfterResponse else {
                closeAfterWriting(context: context, data, promise: promise)
                return
            }
            context.write(data, promise: promise)
            enter(keepAlive.isEmpty ? .idle : readingRequest ? .readingBody : .responding)
        }
    }

    private func closeAfterWriting(context: ChannelHandlerContext, _ data: NIOAny, promise: EventLoopPromise<Void>?) {
        closing = true
        cancelTimer()
        let written = promise ?? context.eventLoop.makePromise()
        context.writeAndFlush(data, promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func enter(_ next: ConnectionPhase) {
        guard !closing, let context else { return }
        cancelTimer()
        phase = next
        registry.update(id, phase: next)
        let deadline: Duration
        switch next {
        case .idle: deadline = settings.idleTimeout
        case .readingHead: deadline = settings.headerTimeout
        case .readingBody: deadline = settings.bodyTimeout
        case .responding: return
        }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(deadline)) { [self] in
            self.timer = nil
            self.expired(next)
        }
    }

    private func expired(_ expired: ConnectionPhase) {
        guard let context, !closing, phase == expired else { return }
        closing = true
        guard expired != .idle, !writingResponse else {
            context.close(promise: nil)
            return
        }
        logger.debug(
            "closing a slow connection",
            metadata: ["deadline": "\(expired == .readingHead ? "header" : "body")", "remote": "\(context.remoteAddress?.description ?? "-")"]
        )
        let head = HTTPResponseHead(version: .http1_1, status: .requestTimeout, headers: ["connection": "close", "content-length": "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    private func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    private func stop() {
        cancelTimer()
        closing = true
        registry.closed(id)
    }
}

@available(*, unavailable)
extension HTTPConnectionDeadlineHandler: Sendable {}
