// SPDX-License-Identifier: Apache-2.0

import NIOCore

/// The first handler of an HTTP connection: tells its ``HTTPConnectionDeadlineHandler``
/// when bytes arrive, before the decoder has made anything of them (the decoder says
/// nothing until a head is complete, so a head's deadline could not start at its first byte).
final class RequestByteObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let deadlines: HTTPConnectionDeadlineHandler

    /// Creates the observer for `deadlines`.
    /// - Parameter deadlines: The connection's deadline handler.
    init(reportingTo deadlines: HTTPConnectionDeadlineHandler) {
        self.deadlines = deadlines
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        deadlines.bytesReceived()
        context.fireChannelRead(data)
    }
}

@available(*, unavailable)
extension RequestByteObserver: Sendable {}
