import Foundation
public import Prometheus
import ParkDeskCore

/// Who may read `GET /metrics` (`PARKDESK_METRICS`, `PARKDESK_METRICS_TOKEN`).
public enum MetricsAccess: Sendable, Equatable {
    /// Not served (404).
    case off
    /// Only to clients on this machine (a Prometheus on the host, or behind nginx's `allow`).
    case local
    /// To anyone with `Authorization: Bearer <token>`.
    case token(String)
}

/// The server's Prometheus metrics: requests by route template, method and status, their latency, requests in
/// flight, the database's state, outbox depth and build info — in one registry that `serve` also gives
/// swift-metrics (so the stores' counters, e.g. leads by outcome, land there too).
public final class AppMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let inFlight: Gauge
    let databaseUp: Gauge
    /// Each route's counter and histogram once made: the registry's lookup by name and labels cost more than the
    /// rest of the recording (a few route templates × methods × statuses).
    private let recorders = Kept<RouteOutcome, Recorders>()
    /// Latency buckets from 1 ms to 10 s.
    static let buckets: [Duration] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000].map {
        .microseconds(Int64($0 * 1000))
    }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), version: String = "dev") {
        self.registry = registry
        inFlight = registry.makeGauge(
            name: "parkdesk_http_requests_in_flight", help: "Requests being answered now")
        databaseUp = registry.makeGauge(
            name: "parkdesk_database_up", help: "1 while the database answers its readiness probe, else 0")
        registry.makeGauge(
            name: "parkdesk_build_info", labels: [("version", version)], help: "The running version (always 1)"
        ).set(Double(1))
    }

    /// One answered request; `route` is the router's template (`/api/v1/listings/{ref}`), never the raw path.
    func record(route: String, method: String, status: Int, duration: Duration) {
        let outcome = RouteOutcome(route: route, method: method, status: status)
        // the registry gives the same counter for the same name and labels, so making one twice is harmless
        let made = recorders.value(for: outcome) {
            Recorders(
                counter: registry.makeCounter(
                    name: "parkdesk_http_requests_total",
                    labels: [("route", route), ("method", method), ("status", String(status))],
                    help: "Requests answered, by route and status"),
                histogram: registry.makeDurationHistogram(
                    name: "parkdesk_http_request_duration_seconds", labels: [("route", route), ("method", method)],
                    buckets: Self.buckets, help: "Time to answer, by route"))
        }
        made.counter.increment()
        made.histogram.record(duration)
    }

    private struct RouteOutcome: Hashable {
        let route: String
        let method: String
        let status: Int
    }

    private struct Recorders: Sendable {
        let counter: Counter
        let histogram: DurationHistogram
    }

    /// Outbox rows by state, as read at scrape time.
    func setOutbox(_ depth: [String: Int]) {
        for (state, count) in depth {
            registry.makeGauge(
                name: "parkdesk_outbox_rows", labels: [("state", state)], help: "Notification outbox rows by state"
            ).set(Double(count))
        }
    }

    /// The text exposition format.
    func text() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
