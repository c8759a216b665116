import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

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

/// Sits before the HTTP decoder and sees raw bytes: runs the connection's one timer (header, body or idle,
/// as `RequestPhaseHandler` reports the request's progress), watches for a client that stops reading, and
/// writes the 414/431 answer for a head the decoder refused.
final class ConnectionClockHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase { case idle, head, body, handling }

    let limits: ConnectionLimits
    private var phase = Phase.idle
    private var timer: Scheduled<Void>?
    private var stallTimer: Scheduled<Void>?
    /// Bytes of the request line seen so far, and whether its end was seen.
    private var requestLineBytes = 0
    private var requestLineComplete = false
    private var context: ChannelHandlerContext?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // a new connection must send its first head within the header limit
        enter(.head)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        stallTimer?.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if phase == .idle { enter(.head) }
        if phase == .head, !requestLineComplete {
            let bytes = unwrapInboundIn(data).readableBytesView
            if let end = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                requestLineBytes += bytes.distance(from: bytes.startIndex, to: end)
                requestLineComplete = true
            } else {
                requestLineBytes += bytes.count
            }
        }
        context.fireChannelRead(data)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            stallTimer?.cancel()
            stallTimer = nil
        } else if stallTimer == nil {
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            stallTimer = context.eventLoop.scheduleTask(in: .init(limits.writeStallTimeout)) {
                handler.value.context?.close(promise: nil)
            }
        }
        context.fireChannelWritabilityChanged()
    }

    /// The request's progress, from `RequestPhaseHandler`.
    func enter(_ next: Phase) {
        guard let context else { return }
        phase = next
        timer?.cancel()
        timer = nil
        if next == .head || next == .idle { (requestLineBytes, requestLineComplete) = (0, false) }
        let limit: Duration? =
            switch next {
            case .idle: limits.idleTimeout
            case .head: limits.headerTimeout
            case .body: limits.bodyTimeout
            case .handling: nil
            }
        guard let limit else { return }
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: .init(limit)) { handler.value.expire(next) }
    }

    private func expire(_ expired: Phase) {
        guard let context, phase == expired else { return }
        switch expired {
        case .head where requestLineComplete, .body:
            answerAndClose(
                status: "408 Request Timeout", type: "request-timeout",
                detail: "The request was not received in time.")
        default:
            context.close(promise: nil)
        }
    }

    /// The decoder refused the head as too large: 414 when the request line alone is too long, else 431.
    func headTooLarge() {
        if requestLineComplete && requestLineBytes < limits.maxHeaderBytes {
            answerAndClose(
                status: "431 Request Header Fields Too Large", type: "headers-too-large",
                detail: "The request's headers are larger than \(limits.maxHeaderBytes / 1024) KiB.")
        } else {
            answerAndClose(
                status: "414 URI Too Long", type: "uri-too-long",
                detail: "The request's URL is longer than \(limits.maxHeaderBytes / 1024) KiB.")
        }
    }

    /// Writes a complete problem+json answer below the HTTP encoder, then closes the connection.
    private func answerAndClose(status: String, type: String, detail: String) {
        guard let context else { return }
        timer?.cancel()
        let code = Int(status.prefix(3)) ?? 400
        let title = String(status.dropFirst(4))
        let body =
            #"{"detail":"\#(detail)","status":\#(code),"title":"\#(title)","#
            + #""type":"https://parkdesk.invalid/problems/\#(type)"}"#
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: application/problem+json\r\nConnection: close\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n"
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head + body))).whenComplete { _ in
            handler.value.context?.close(promise: nil)
        }
    }
}

/// Sits after the HTTP decoder and tells `ConnectionClockHandler` where the request is: head received (body
/// timer), body complete (no timer while the handler works), response sent (idle timer).
final class RequestPhaseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var clock: ConnectionClockHandler?
    private var requestDone = false
    private var responseDone = false

    func handlerAdded(context: ChannelHandlerContext) {
        clock = try? context.pipeline.syncOperations.handler(type: ConnectionClockHandler.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            (requestDone, responseDone) = (false, false)
            clock?.enter(.body)
        case .body: break
        case .end:
            requestDone = true
            clock?.enter(responseDone ? .idle : .handling)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            responseDone = true
            // answered before the body was all read (e.g. 413): the body timer keeps bounding the rest
            if requestDone { clock?.enter(.idle) }
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .headerOverflow? = error as? HTTPParserError, let clock {
            clock.headTooLarge()
            return
        }
        context.fireErrorCaught(error)
    }
}
