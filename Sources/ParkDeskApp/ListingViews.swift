import Hummingbird
import HTTPTypes
import ParkDeskHTTP
public import ParkDeskStore
import ServiceLifecycle

/// Counts a view of a listing each time its public page (`/listings/{ref}`) or its API detail
/// (`/api/v1/listings/{ref}`) is answered 200 or 304 to a client that is not a crawler (`ListingViewCounter`).
struct ListingViewsMiddleware: AppMiddleware {
    let counter: ListingViewCounter

    static let doors: [(prefix: String, door: ListingViewCounter.Door)] = [
        ("/listings/", .page), ("/api/v1/listings/", .api),
    ]

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        guard request.method == .get, response.status == .ok || response.status == .notModified else {
            return response
        }
        let path = request.uri.path
        for (prefix, door) in Self.doors where path.hasPrefix(prefix) {
            let ref = path.dropFirst(prefix.count)
            guard !ref.isEmpty, !ref.contains("/") else { break }
            counter.record(ref: String(ref), door: door, userAgent: request.headers[.userAgent])
            break
        }
        return response
    }
}

/// Writes the counted views every `ListingViewCounter.interval`, and once more at shutdown; a failed write is
/// logged and its counts tried again next time.
struct ListingViewsService: Service {
    let counter: ListingViewCounter

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: ListingViewCounter.interval) }
            await counter.flushOrKeep()
        }
    }
}
