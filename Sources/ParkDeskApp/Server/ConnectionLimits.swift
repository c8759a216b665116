import HummingbirdCore
import Logging
import NIOCore

/// How long a client connection may take over each part of a request, so that no connection is held
/// forever by an idle, slow or endless client (and none can hold up a shutdown).
public struct ConnectionLimits: Sendable, Equatable {
    /// From the first byte of a request (or the connection opening) to its complete head: slowloris clients.
    public var headerTimeout: Duration = .seconds(10)
    /// From the head to the body's last byte: an upload that never ends.
    public var bodyTimeout: Duration = .seconds(30)
    /// A kept-alive connection with no request in progress.
    public var idleTimeout: Duration = .seconds(60)
    /// A response the client stops reading: the socket stays unwritable this long, then the connection closes.
    public var writeStallTimeout: Duration = .seconds(60)
    /// Largest request line or header block, in bytes (414 or 431 beyond).
    public var maxHeaderBytes: Int = 16 * 1024

    public init() {}
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with ParkDesk's connection time limits and 414/431 answers for oversized heads.
    static func http1(limits: ConnectionLimits) -> HTTPServerBuilder {
        .init { responder in
            var configuration = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestPhaseHandler()])
            configuration.httpDecoder.maxHeaderListSize = limits.maxHeaderBytes
            configuration.httpDecoder.maxHeaderFieldSize = limits.maxHeaderBytes
            return LimitedHTTP1Channel(
                http1: HTTP1Channel(responder: responder, configuration: configuration),
                limits: limits)
        }
    }
}

/// Hummingbird's HTTP/1 channel with `ConnectionClockHandler` in front of the HTTP decoder.
struct LimitedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let http1: HTTP1Channel
    let limits: ConnectionLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(ConnectionClockHandler(limits: limits), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        return http1.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}
