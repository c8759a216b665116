import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ParkDeskHTTP
import ParkDeskStore
import Prometheus

/// `GET /metrics`: the Prometheus text format, for this machine only or for a bearer token (`MetricsAccess`).
/// Outside the contract (not part of the JSON API) and answered whether or not the database is there.
struct MetricsEndpoint: Sendable {
    let access: MetricsAccess
    let metrics: AppMetrics
    let monitor: DatabaseMonitor
    let notifications: NotificationStore

    static let path = "/metrics"

    func addRoute(to router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path)) { request, context in try await answer(request, context) }
    }

    func answer(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        switch access {
        case .off:
            throw HTTPError(.notFound)
        case .local:
            // a proxied request comes from loopback too: only a direct local client is "local", and any header a
            // proxy forwards a client with (not only X-Forwarded-For) says that it is not direct
            guard !Self.forwardingHeaders.contains(where: { request.headers[$0] != nil }),
                Self.isLoopback(context.remoteAddress?.ipAddress)
            else { throw HTTPError(.notFound) }
        case .token(let token):
            let given = request.headers[.authorization] ?? ""
            guard Self.same(given, "Bearer " + token) else {
                throw HTTPError(.unauthorized)
            }
        }
        metrics.databaseUp.set(Double(monitor.unavailableReason == nil ? 1 : 0))
        if monitor.unavailableReason == nil,
            let depth = try? await Deadline.run(within: .seconds(1), { try await notifications.depth() })
        {
            metrics.setOutbox(depth)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.text())))
    }

    /// The headers proxies name a client with (RFC 7239's `Forwarded` and the common others).
    static let forwardingHeaders: [HTTPField.Name] = [
        "X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host", "X-Client-IP", "True-Client-IP",
        "CF-Connecting-IP", "X-Cluster-Client-IP",
    ].compactMap { HTTPField.Name($0) }

    static func isLoopback(_ address: String?) -> Bool {
        guard let address else { return false }
        return address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }

    /// Compares without stopping at the first difference (no timing hint about the token).
    static func same(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }
}
