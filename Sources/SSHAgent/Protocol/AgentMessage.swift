// SPDX-License-Identifier: Apache-2.0

// draft-miller-ssh-agent messages used by the client: requests it sends, replies it reads.
// Their fields are RFC 4251 §5 types, written and read by SSHKeys' wire writer and reader.
import NIOCore
import SSHKeys

// draft-miller-ssh-agent §3:
//   All messages passed to/from the agent will consist of:
//       uint32                    length
//       byte                      type
//       byte[length - 1]          contents
// §6.1 Message numbers:
//   SSH_AGENT_FAILURE 5, SSH_AGENT_SUCCESS 6, SSH_AGENTC_REQUEST_IDENTITIES 11,
//   SSH_AGENT_IDENTITIES_ANSWER 12, SSH_AGENTC_SIGN_REQUEST 13, SSH_AGENT_SIGN_RESPONSE 14,
//   SSH_AGENT_EXTENSION_FAILURE 28
/// The message numbers the client uses.
enum AgentMessageType {
    static let failure: UInt8 = 5
    static let requestIdentities: UInt8 = 11
    static let identitiesAnswer: UInt8 = 12
    static let signRequest: UInt8 = 13
    static let signResponse: UInt8 = 14
    static let extensionFailure: UInt8 = 28
}

/// A request from the client, framed and ready to send.
enum AgentRequest {
    // draft-miller-ssh-agent §4.4:
    //   byte                    SSH_AGENTC_REQUEST_IDENTITIES
    case requestIdentities
    // draft-miller-ssh-agent §4.5:
    //   byte                    SSH_AGENTC_SIGN_REQUEST
    //   string                  key blob
    //   string                  data
    //   uint32                  flags
    case sign(keyBlob: [UInt8], data: [UInt8], flags: UInt32)

    /// OpenSSH's `AGENT_MAX_LEN`: the agent drops connections sending longer messages.
    static let maximumLength = 256 * 1024

    /// The framed message: `uint32 length ‖ byte type ‖ contents`.
    func frame(allocator: ByteBufferAllocator) -> ByteBuffer {
        var body = SSHWireWriter()
        switch self {
        case .requestIdentities:
            body.writeByte(AgentMessageType.requestIdentities)
        case .sign(let keyBlob, let data, let flags):
            body.writeByte(AgentMessageType.signRequest)
            body.writeString(keyBlob)
            body.writeString(data)
            body.writeUInt32(flags)
        }
        var frame = allocator.buffer(capacity: body.bytes.count + 4)
        frame.writeInteger(UInt32(body.bytes.count))
        frame.writeBytes(body.bytes)
        return frame
    }
}

/// A reply from the agent: its type byte and contents.
struct AgentReply {
    var type: UInt8
    /// The contents after the type byte, read with SSHKeys' RFC 4251 reader.
    var contents: SSHWireReader

    /// Splits a frame's payload (without the length) into type and contents.
    /// - Throws: ``SSHAgentError/protocolError(_:)`` for an empty payload.
    init(payload: ByteBuffer) throws {
        var contents = SSHWireReader(payload.readableBytesView)
        guard let type = contents.readByte() else {
            throw SSHAgentError.protocolError("ssh-agent sent an empty message")
        }
        self.type = type
        self.contents = contents
    }

    // draft-miller-ssh-agent §4.4:
    //   byte                    SSH_AGENT_IDENTITIES_ANSWER
    //   uint32                  nkeys
    //   Where "nkeys" indicates the number of keys to follow. Following the preamble
    //   are zero or more keys, each encoded as:
    //       string              key blob
    //       string              comment
    /// The `(key blob, comment)` pairs of an identities answer.
    /// - Throws: ``SSHAgentError/protocolError(_:)`` when the reply is of another type or truncated.
    func identities() throws -> [(blob: [UInt8], comment: [UInt8])] {
        guard type == AgentMessageType.identitiesAnswer else {
            throw SSHAgentError.protocolError("ssh-agent answered the identities request with message type \(type)")
        }
        var contents = self.contents
        guard let count = contents.readUInt32() else {
            throw SSHAgentError.protocolError("ssh-agent's identities answer has no key count")
        }
        var result: [(blob: [UInt8], comment: [UInt8])] = []
        for index in 0..<count {
            guard let blob = contents.readString(), let comment = contents.readString() else {
                throw SSHAgentError.protocolError("ssh-agent's identities answer is truncated at key \(index + 1) of \(count)")
            }
            result.append((blob, comment))
        }
        return result
    }

    // draft-miller-ssh-agent §4.5:
    //   byte                    SSH_AGENT_SIGN_RESPONSE
    //   string                  signature
    /// The signature blob of a sign response, or `nil` for `SSH_AGENT_FAILURE`.
    /// - Throws: ``SSHAgentError/protocolError(_:)`` for other or truncated replies.
    func signature() throws -> [UInt8]? {
        switch type {
        case AgentMessageType.failure, AgentMessageType.extensionFailure:
            return nil
        case AgentMessageType.signResponse:
            var contents = self.contents
            guard let blob = contents.readString() else {
                throw SSHAgentError.protocolError("ssh-agent's sign response is truncated")
            }
            return blob
        default:
            throw SSHAgentError.protocolError("ssh-agent answered the sign request with message type \(type)")
        }
    }
}
