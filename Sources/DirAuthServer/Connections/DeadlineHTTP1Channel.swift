// SPDX-License-Identifier: Apache-2.0

import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with dirauthd's deadlines and connection limit
/// (``HTTPConnectionDeadlineHandler``, ``ConnectionRegistry``) added to every connection.
struct DeadlineHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    /// Hummingbird's channel, which builds the HTTP/1 pipeline and answers requests.
    let base: HTTP1Channel
    /// The deadlines.
    let settings: HTTPSettings
    /// The listener's connections.
    let registry: ConnectionRegistry

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger).flatMapThrowing { [settings, registry] value in
            let pipeline = channel.pipeline.syncOperations
            let deadlines = HTTPConnectionDeadlineHandler(settings: settings, registry: registry, logger: logger)
            let decoder = try pipeline.context(handlerType: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try pipeline.addHandler(deadlines, position: .after(decoder.handler))
            try pipeline.addHandler(RequestByteObserver(reportingTo: deadlines), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
