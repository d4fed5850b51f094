// SPDX-License-Identifier: Apache-2.0

// Cuts the agent's byte stream into messages.
import NIOCore

/// Splits the agent's stream into message payloads (`byte type ‖ contents`), dropping
/// the `uint32 length` of draft-miller-ssh-agent §3.
struct AgentFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// OpenSSH's `MAX_AGENT_REPLY_LEN`: longer replies are refused as malformed.
    static let maximumLength = 256 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self) else { return .needMoreData }
        guard length >= 1, length <= Self.maximumLength else {
            throw SSHAgentError.protocolError("ssh-agent sent a message of invalid length \(length)")
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let payload = buffer.readSlice(length: Int(length)) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(payload))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
