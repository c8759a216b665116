import NIOCore

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
