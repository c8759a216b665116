import ParkDeskHTTP
import Hummingbird
import Foundation
import Logging
import HTTPTypes

/// Gives each request an id (kept from `X-Request-Id` when the caller sends a sane one), echoes it,
/// and logs one line per request: id, method, path, route (the template, as `/listings/:ref`), status, duration.
struct RequestLoggingMiddleware: AppMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.requestID = Self.requestID(of: request)
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        let started = ContinuousClock.now
        var response = try await next(request, context)
        response.headers[.requestID] = context.requestID
        Self.log(request, route: context.endpointPath ?? "-", status: response.status, since: started, context.logger)
        return response
    }

    /// The one line a request logs (also for the answers the request guard gives itself).
    static func log(
        _ request: Request, route: String, status: HTTPResponse.Status, since started: ContinuousClock.Instant,
        _ logger: Logger
    ) {
        let elapsed = ContinuousClock.now - started
        logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                "path": .string(request.uri.path),
                "route": .string(route),
                "status": .stringConvertible(status.code),
                "duration_ms": .string(
                    String(
                        format: "%.2f",
                        Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)),
            ])
    }

    /// The caller's `X-Request-Id` when it is sane (1–100 letters, digits, `-_.`), else a new one.
    static func requestID(of request: Request) -> String {
        let given = request.headers[.requestID] ?? ""
        let isSane =
            (1...100).contains(given.count)
            && given.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        return isSane ? given : UUID().uuidString.lowercased()
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
