public import Hummingbird
public import NIOCore

/// Per-request state every door shares: Hummingbird's core context plus the request id given to logs and answers.
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
public protocol AppMiddleware: RouterMiddleware where Context == AppRequestContext {}

/// The client's address as `ClientAddressMiddleware` worked it out, for the request being served (a task-local:
/// the generated API handlers receive only their input).
public enum RequestClient {
    @TaskLocal public static var address: String?
}
