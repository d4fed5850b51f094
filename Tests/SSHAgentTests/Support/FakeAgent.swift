// SPDX-License-Identifier: Apache-2.0

// A scripted stand-in for ssh-agent: answers every request with fixed bytes, or not at all.
import Foundation
import NIOCore
import NIOPosix

/// A unix-socket server that reads one request and then replies with ``reply``
/// (raw bytes, framing included), closes, or stays silent.
final class FakeAgent: Sendable {
    enum Behaviour: Sendable {
        case reply([UInt8])
        case close
        case silent
    }

    let socketPath: String
    let directory: URL
    private let channel: any Channel

    init(_ behaviour: Behaviour) async throws {
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dirauth-fake-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        socketPath = directory.appendingPathComponent("agent.sock").path
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Responder(behaviour: behaviour))
                }
            }
            .bind(unixDomainSocketPath: socketPath)
            .get()
    }

    /// Closes the listener but leaves the socket file behind, like a crashed agent.
    func closeListener() async {
        try? await channel.close()
    }

    func stop() async {
        try? await channel.close()
        try? FileManager.default.removeItem(at: directory)
    }

    private final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let behaviour: Behaviour

        init(behaviour: Behaviour) { self.behaviour = behaviour }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch behaviour {
            case .reply(let bytes):
                let buffer = context.channel.allocator.buffer(bytes: bytes)
                context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
            case .close:
                context.close(promise: nil)
            case .silent:
                break
            }
        }
    }
}
