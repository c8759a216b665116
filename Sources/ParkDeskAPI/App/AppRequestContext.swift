public import Hummingbird
public import NIOCore

/// Per-request state: Hummingbird's core context plus the request id given to logs and answers.
public struct AppRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var requestID: String = ""

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}

/// A middleware of this application: it sees `AppRequestContext`.
protocol AppMiddleware: RouterMiddleware where Context == AppRequestContext {}
