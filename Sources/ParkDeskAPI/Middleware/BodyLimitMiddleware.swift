public import Hummingbird

/// Refuses request bodies over the limit with 413 before any handler reads them.
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    let maxBytes: Int

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw tooLarge
        }
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        }
        return try await next(request, context)
    }

    var tooLarge: Problem {
        Problem(status: .contentTooLarge, type: "content-too-large", title: "Content too large",
                detail: "The request body is larger than \(maxBytes / 1024) KiB.")
    }
}
