import NIOCore
import NIOHTTP1
import NIOHTTPTypes

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
