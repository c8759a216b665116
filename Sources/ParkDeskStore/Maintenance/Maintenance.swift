public import Foundation
public import Logging
import ParkDeskCore
import PostgresNIO

/// What housekeeping keeps and for how long (README's Configuration names the variables).
public struct MaintenancePolicy: Sendable, Equatable {
    /// Idempotency keys are answered again for this long (`Idempotency-Key` retries come within minutes).
    public var idempotencyHours = 24
    /// A rate-limit bucket untouched this long is full again and can go (the default limit refills in 100 s).
    public var rateLimitIdleMinutes = 60
    /// Daily counts of dropped bot posts are kept this long (`PARKDESK_DROPPED_POSTS_DAYS`).
    public var droppedPostsDays = 90
    /// Active and pending listings not updated this long expire (`PARKDESK_EXPIRE_DAYS`).
    public var expireDays = 180
    /// Leads without activity this long are deleted; nil: kept (`PARKDESK_LEAD_RETENTION_DAYS`, at least 30).
    public var leadRetentionDays: Int?
    /// Delivered notifications are listed this long (`PARKDESK_NOTIFY_RETENTION_DAYS`); dead letters stay.
    public var deliveredNotificationDays = 30
    /// How often `serve` runs it (`PARKDESK_MAINTENANCE_MINUTES`).
    public var interval: Duration = .seconds(3600)

    public init() {}
}

/// What one maintenance run removed or changed.
public struct MaintenanceReport: Sendable, Equatable {
    public var rateLimitBuckets = 0
    public var idempotencyKeys = 0
    public var droppedPostDays = 0
    public var expiredListings: [String] = []
    public var purgedLeads = 0
    public var deliveredNotifications = 0
    /// Console sessions past their limits, sign-in failures a day old, password links used or expired.
    public var staffSessions = 0

    public init() {}
}

/// Housekeeping, one instance at a time (a session advisory lock: an instance that finds it taken skips its turn).
/// Each step works in batches, each batch its own transaction with a time limit of its own (a fresh database of
/// 100,000 synthetic listings expired them all in one statement, past serve's 5 s limit, and every run failed), so
/// a step of any size finishes, and a step that fails is logged by name and the others still run.
public struct Maintenance: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Rows one batch touches.
    static let batch = 2_000
    /// How long one batch's statement may run (serve's own limit is for requests).
    static let statementTimeout = "120s"

    /// A failed step, by name, with what failed in it.
    public struct StepFailed: Error, CustomStringConvertible {
        public let step: String
        public let cause: String
        public var description: String { "housekeeping step '\(step)' failed: \(cause)" }
    }

    /// Runs every step once; nil when another instance is running them right now. A failed step is logged and
    /// the next one runs; the first failure is thrown at the end.
    public func run(_ policy: MaintenancePolicy, actor: String) async throws -> MaintenanceReport? {
        try await client.withConnection { connection in
            let lock = try await connection.run(
                "SELECT pg_try_advisory_lock(hashtextextended('parkdesk:maintenance', 0))", logger: logger)
            for try await taken in lock.decode(Bool.self) where !taken { return nil }
            var report = MaintenanceReport()
            var failure: StepFailed?
            func step(_ name: String, _ body: () async throws -> Void) async {
                do {
                    try await body()
                } catch {
                    let failed = StepFailed(step: name, cause: DatabaseFault.loggable(error))
                    logger.warning(
                        "Housekeeping step failed", metadata: ["step": "\(name)", "error": "\(failed.cause)"])
                    failure = failure ?? failed
                }
            }
            await step("rate-limit buckets") {
                report.rateLimitBuckets = try await batches(
                    on: connection, from: "rate_limit_buckets", key: "ctid",
                    where: "updated_at < now() - make_interval(mins => \(policy.rateLimitIdleMinutes)::int)")
            }
            await step("idempotency keys") {
                report.idempotencyKeys = try await batches(
                    on: connection, from: "idempotency_keys", key: "key",
                    where: "claimed_at < now() - make_interval(hours => \(policy.idempotencyHours)::int)")
            }
            await step("dropped posts") {
                report.droppedPostDays = try await batches(on: connection) {
                    """
                    DELETE FROM dropped_lead_posts
                    WHERE day < (now() AT TIME ZONE 'Asia/Shanghai')::date - \(policy.droppedPostsDays)::int
                    """
                }
            }
            await step("expire listings") {
                try await untilDone(on: connection) { tx in
                    try await ListingStore.expire(
                        notUpdatedForDays: policy.expireDays, actor: actor, limit: Self.batch, on: tx, logger: logger)
                } each: { refs in
                    report.expiredListings += refs
                    return refs.count
                }
            }
            if let days = policy.leadRetentionDays {
                await step("purge leads") {
                    try await untilDone(on: connection) { tx in
                        try await LeadStore.purge(
                            olderThanDays: days, actor: actor, dryRun: false, limit: Self.batch, on: tx, logger: logger)
                    } each: { purged in
                        report.purgedLeads += purged
                        return purged
                    }
                }
            }
            await step("delivered notifications") {
                report.deliveredNotifications = try await batches(
                    on: connection, from: "notify_outbox", key: "id",
                    where: """
                        state = 'delivered'
                        AND finished_at < now() - make_interval(days => \(policy.deliveredNotificationDays)::int)
                        """)
            }
            await step("staff sessions") {
                report.staffSessions = try await batches(
                    on: connection, from: "staff_sessions", key: "id_hash",
                    where: """
                        last_seen_at < now() - \(StaffSessions.seconds(StaffSessions.idleLimit)) * interval '1 second'
                        OR created_at
                            < now() - \(StaffSessions.seconds(StaffSessions.absoluteLimit)) * interval '1 second'
                        """)
                _ = try await batches(
                    on: connection, from: "sign_in_failures", key: "key",
                    where: "last_failed_at < now() - interval '1 day' AND blocked_until < now()")
                _ = try await batches(
                    on: connection, from: "staff_password_links", key: "secret_hash",
                    where: "expires_at < now() - interval '1 day'")
            }
            _ = try await connection.run(
                "SELECT pg_advisory_unlock(hashtextextended('parkdesk:maintenance', 0))", logger: logger)
            if let failure { throw failure }
            return report
        }
    }

    /// Runs `body` in a transaction of its own on `connection`, with housekeeping's statement time limit.
    func transaction<T: Sendable>(
        on connection: PostgresConnection, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await connection.withTransaction(logger: logger) { tx in
            try await tx.run("SELECT set_config('statement_timeout', \(Self.statementTimeout), true)", logger: logger)
            return try await body(tx)
        }
    }

    /// Deletes the rows of `table` (found by `key`) that `condition` selects, one batch per transaction; returns how
    /// many went in all.
    func batches(on connection: PostgresConnection, from table: SQL, key: SQL, where condition: SQL) async throws -> Int
    {
        try await batches(on: connection) {
            """
            DELETE FROM \(table) WHERE \(key) = ANY(ARRAY(
                SELECT \(key) FROM \(table) WHERE \(condition) LIMIT \(Self.batch)))
            """
        }
    }

    /// Runs a `DELETE` of at most one batch again until it deletes fewer; returns how many rows went in all.
    func batches(on connection: PostgresConnection, _ statement: () -> SQL) async throws -> Int {
        var total = 0
        try await untilDone(on: connection) { tx in
            try await Self.count(
                "WITH gone AS (\(statement()) RETURNING 1) SELECT count(*)::int FROM gone", on: tx, logger: logger)
        } each: { deleted in
            total += deleted
            return deleted
        }
        return total
    }

    /// Runs `batch` in transactions of its own until one touches fewer than `Self.batch` rows; `each` takes every
    /// committed batch's result and says how many rows it touched.
    func untilDone<T: Sendable>(
        on connection: PostgresConnection, _ batch: (PostgresConnection) async throws -> T, each: (T) -> Int
    ) async throws {
        while each(try await transaction(on: connection, batch)) >= Self.batch {}
    }

    static func count(_ sql: SQL, on tx: PostgresConnection, logger: Logger) async throws -> Int {
        for try await value in try await tx.run(sql, logger: logger).decode(Int.self) { return value }
        return 0
    }
}

extension Database {
    public var maintenance: Maintenance { Maintenance(client: client, logger: logger) }
}
