import ParkDeskHTTP
import Hummingbird
import HTTPTypes

/// Lets browsers on the configured origins call the API: echoes an allowed `Origin`, answers preflight
/// `OPTIONS` requests, and exposes the headers clients need (ETag, request id, Location).
struct OriginCORSMiddleware: AppMiddleware {
    let origins: Set<String>
    let allowsAny: Bool

    init(origins: [String]) {
        self.origins = Set(origins)
        self.allowsAny = origins.contains("*")
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let origin = request.headers[.origin], allows(origin) else {
            if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
                return Response(status: .noContent, headers: [.vary: "Origin"])
            }
            var response = try await next(request, context)
            if !origins.isEmpty { response.headers[.vary] = "Origin" }
            return response
        }
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = corsHeaders(origin)
            headers[.accessControlAllowMethods] = "GET, POST, PATCH, DELETE, OPTIONS"
            headers[.accessControlAllowHeaders] =
                "Authorization, Content-Type, If-Match, If-None-Match, Idempotency-Key, X-Request-Id"
            headers[.accessControlMaxAge] = "600"
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers.append(contentsOf: corsHeaders(origin))
        return response
    }

    func allows(_ origin: String) -> Bool {
        allowsAny || origins.contains(origin)
    }

    /// What an answer to an allowed origin carries (also the answers `RequestGuard` gives itself).
    func corsHeaders(_ origin: String) -> HTTPFields {
        [
            .accessControlAllowOrigin: allowsAny ? "*" : origin,
            .vary: "Origin",
            .accessControlExposeHeaders: "ETag, Location, X-Request-Id, Retry-After",
        ]
    }
}
