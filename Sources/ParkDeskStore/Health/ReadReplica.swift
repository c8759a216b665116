public import Logging
import Metrics
public import PostgresNIO
import Synchronization

/// Where public reads are served from right now.
public enum ReadSource: Sendable, Equatable {
    case replica
    /// The replica is not used, for the reason given (down, lagging, not a standby, a read failed on it).
    case primary(because: String)
}

/// A streaming replica of the primary (`PARKDESK_READ_DATABASE_URL`) for public reads. Checked once a second:
/// it is used while it answers, is a standby, and lags at most `maximumLag`; otherwise reads go to the primary
/// (logged on each change, counted in `parkdesk_read_fallbacks_total`). A read that fails on the replica is run
/// again on the primary at once, and so are reads still waiting on the replica when it is found away or after
/// `readWait` (half the request deadline, so that the primary has the other half).
/// Runs as a service of `serve`.
public final class ReadReplica: Sendable {
    /// The replica's connection pool.
    public let client: PostgresClient
    let primary: PostgresClient
    /// The most the replica may lag behind the primary and still be read (`PARKDESK_READ_MAX_LAG_MS`).
    public let maximumLag: Duration
    /// How often `serve` checks.
    public let interval: Duration
    let timeout: Duration
    /// The longest a read waits on the replica before it is run on the primary instead.
    let readWait: Duration
    let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var source = ReadSource.primary(because: "the replica has not been checked yet")
        var lag = ReplicaLag()
        /// Reads waiting on the replica, each with the way to give up on it.
        var waiting: [UInt64: @Sendable () -> Void] = [:]
        var nextWaiter: UInt64 = 0
    }

    /// The replica gave up on a read because it was found away meanwhile.
    struct Abandoned: Error {}

    public init(
        client: PostgresClient, primary: PostgresClient, maximumLag: Duration, logger: Logger,
        interval: Duration = .seconds(1), timeout: Duration = .seconds(2), readWait: Duration = .seconds(3)
    ) {
        self.client = client
        self.primary = primary
        self.maximumLag = maximumLag
        self.logger = logger
        self.interval = interval
        self.timeout = timeout
        self.readWait = readWait
    }

    /// Where reads go now.
    public var source: ReadSource { state.withLock { $0.source } }

    /// How far behind the primary the replica was at the last check; `nil` when unknown.
    public var lag: Duration? { state.withLock { $0.lag.last } }

    /// Measures the replica now (the primary's WAL position first, then how far the replica has replayed) and
    /// decides where reads go.
    public func check() async {
        let (primary, replica, logger) = (self.primary, self.client, self.logger)
        let asked = ContinuousClock.now
        let written: Int64
        do {
            written =
                try await Deadline.run(within: timeout) {
                    try await Self.number(primary, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::int8", logger)
                } ?? 0
        } catch {
            // the primary is away: nothing to compare with, and the server answers 503 meanwhile
            logger.debug("Replica check skipped: the primary does not answer", metadata: ["error": "\(error)"])
            return
        }
        let replayed: Int64?
        do {
            replayed = try await Deadline.run(within: timeout) {
                try await Self.number(
                    replica,
                    """
                    SELECT CASE WHEN pg_is_in_recovery() THEN pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::int8 END
                    """, logger)
            }
        } catch is Deadline.Exceeded {
            state.withLock { $0.lag.forget() }
            return decide(.primary(because: "the replica does not answer (nothing within \(timeout))"), reason: "down")
        } catch {
            state.withLock { $0.lag.forget() }
            return decide(
                .primary(because: "the replica does not answer (\(DatabaseFault.named(error)))"), reason: "down")
        }
        guard let replayed else {
            return decide(
                .primary(because: "the read database is not a standby (it is not in recovery)"), reason: "not_standby")
        }
        let lag = state.withLock {
            $0.lag.observe(written: written, at: asked, replayed: replayed, now: .now, keep: maximumLag * 2)
        }
        Gauge(label: "parkdesk_read_replica_lag_seconds").record(lag.map { Self.seconds($0) } ?? -1)
        guard let lag, lag <= maximumLag else {
            let behind = lag.map { "\(Self.seconds($0)) s" } ?? "more than \(Self.seconds(maximumLag * 2)) s"
            return decide(
                .primary(because: "the replica lags \(behind), more than the \(Self.seconds(maximumLag)) s allowed"),
                reason: "lag")
        }
        decide(.replica, reason: "")
    }

    /// Runs `operation` on the replica, or throws `Abandoned` as soon as the replica is found away or the read has
    /// waited `readWait` (a read queued for a connection to a stopped replica would otherwise wait for PostgresNIO's
    /// circuit breaker, and one to a replica just back for the pool's next attempt to connect).
    func attempt<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let tasks = Mutex<[Task<Void, Never>]>([])
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let id = state.withLock { state in
                    state.nextWaiter += 1
                    state.waiting[state.nextWaiter] = { continuation.resume(throwing: Abandoned()) }
                    return state.nextWaiter
                }
                let timer = Task {
                    try? await Task.sleep(for: self.readWait)
                    guard !Task.isCancelled, self.state.withLock({ $0.waiting[id] != nil }) else { return }
                    self.decide(
                        .primary(because: "a read waited more than \(self.readWait) on the replica"), reason: "slow")
                }
                let work = Task {
                    defer { timer.cancel() }
                    let result: Result<T, any Error>
                    do { result = .success(try await operation()) } catch { result = .failure(error) }
                    if self.state.withLock({ $0.waiting.removeValue(forKey: id) }) != nil {
                        continuation.resume(with: result)
                    }
                }
                tasks.withLock { $0 = [work, timer] }
            }
        } onCancel: {
            tasks.withLock { $0.forEach { $0.cancel() } }
        }
    }

    /// A read failed on the replica: reads go to the primary until the next check finds it well.
    func failed(_ error: any Error) {
        guard !(error is Abandoned) else { return }  // already decided
        decide(.primary(because: "a read on the replica failed (\(DatabaseFault.named(error)))"), reason: "read_failed")
    }

    /// Whether a read that failed on the replica is worth running again on the primary.
    static func isWorthRetrying(_ error: any Error) -> Bool {
        error is Abandoned || DatabaseFault.classify(error) == .unavailable
    }

    private func decide(_ source: ReadSource, reason: String) {
        let (before, abandoned) = state.withLock { state in
            let before = state.source
            state.source = source
            guard source != .replica else { return (before, [@Sendable () -> Void]()) }
            defer { state.waiting.removeAll() }
            return (before, Array(state.waiting.values))
        }
        for abandon in abandoned { abandon() }
        Gauge(label: "parkdesk_read_replica_in_use").record(source == .replica ? 1 : 0)
        switch (before, source) {
        case (.replica, .primary(let because)):
            logger.warning("Public reads moved to the primary", metadata: ["reason": "\(because)"])
            Counter(label: "parkdesk_read_fallbacks_total", dimensions: [("reason", reason)]).increment()
        case (.primary, .replica):
            logger.notice("Public reads back on the replica", metadata: ["lag": "\(lag.map(Self.seconds) ?? 0) s"])
        default:
            break
        }
    }

    private static func number(_ client: PostgresClient, _ sql: PostgresQuery, _ logger: Logger) async throws -> Int64?
    {
        for try await value in try await client.query(sql, logger: logger).decode(Int64?.self) { return value }
        return nil
    }

    /// `duration` in seconds, to the millisecond.
    public static func seconds(_ duration: Duration) -> Double {
        let (whole, fraction) = duration.components
        return ((Double(whole) + Double(fraction) / 1e18) * 1000).rounded() / 1000
    }
}

/// How far a replica is behind, in time, from WAL positions alone: each check records the primary's position
/// with the time it was read; the replica has replayed everything written up to the latest recorded moment whose
/// position it has reached, so its data is at most that old. An idle primary gives a lag of zero, however long
/// ago the last write was; a replica cut off from a busy primary grows older with every check.
public struct ReplicaLag: Sendable {
    private var samples: [(at: ContinuousClock.Instant, written: Int64)] = []
    /// The lag found by the last observation.
    public private(set) var last: Duration?

    public init() {}

    /// Records the primary's position `written` as read at `at`, and returns the lag of a replica that has
    /// replayed up to `replayed`, or `nil` when it is behind every sample kept (samples older than `keep` go).
    public mutating func observe(
        written: Int64, at: ContinuousClock.Instant, replayed: Int64, now: ContinuousClock.Instant, keep: Duration
    ) -> Duration? {
        samples.append((at, written))
        samples.removeAll { now - $0.at > keep && $0.at != at }
        last = samples.last { $0.written <= replayed }.map { now - $0.at }
        return last
    }

    /// The replica could not be measured: its lag is unknown until it can.
    public mutating func forget() { last = nil }
}
