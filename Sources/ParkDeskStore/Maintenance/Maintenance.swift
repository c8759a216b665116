public import Foundation
public import Logging
import ParkDeskCore
import PostgresNIO
public import ServiceLifecycle

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

    public init() {}
}

/// Housekeeping in one transaction, one instance at a time (a transaction-scoped advisory lock: an instance that
/// finds it taken skips its turn).
public struct Maintenance: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Runs every task once; nil when another instance is running them right now.
    public func run(_ policy: MaintenancePolicy, actor: String) async throws -> MaintenanceReport? {
        try await client.writeTransaction(logger: logger) { tx in
            let lock = try await tx.run(
                "SELECT pg_try_advisory_xact_lock(hashtextextended('parkdesk:maintenance', 0))", logger: logger)
            for try await taken in lock.decode(Bool.self) where !taken { return nil }
            var report = MaintenanceReport()
            (report.rateLimitBuckets, report.idempotencyKeys) = try await Self.forgetIdleRequests(
                policy, on: tx, logger: logger)
            report.droppedPostDays = try await Self.count(
                """
                WITH gone AS (
                    DELETE FROM dropped_lead_posts
                    WHERE day < (now() AT TIME ZONE 'Asia/Shanghai')::date - \(policy.droppedPostsDays)::int
                    RETURNING 1)
                SELECT count(*)::int FROM gone
                """, on: tx, logger: logger)
            report.expiredListings = try await ListingStore.expire(
                notUpdatedForDays: policy.expireDays, actor: actor, on: tx, logger: logger)
            if let days = policy.leadRetentionDays {
                report.purgedLeads = try await LeadStore.purge(
                    olderThanDays: days, actor: actor, dryRun: false, on: tx, logger: logger)
            }
            report.deliveredNotifications = try await Self.count(
                """
                WITH gone AS (
                    DELETE FROM notify_outbox
                    WHERE state = 'delivered'
                      AND finished_at < now() - make_interval(days => \(policy.deliveredNotificationDays)::int)
                    RETURNING 1)
                SELECT count(*)::int FROM gone
                """, on: tx, logger: logger)
            return report
        }
    }

    /// Idle rate-limit buckets and idempotency keys past their window; returns how many of each went.
    static func forgetIdleRequests(
        _ policy: MaintenancePolicy, on tx: PostgresConnection, logger: Logger
    )
        async throws -> (buckets: Int, keys: Int)
    {
        let buckets = try await count(
            """
            WITH gone AS (
                DELETE FROM rate_limit_buckets
                WHERE updated_at < now() - make_interval(mins => \(policy.rateLimitIdleMinutes)::int) RETURNING 1)
            SELECT count(*)::int FROM gone
            """, on: tx, logger: logger)
        let keys = try await count(
            """
            WITH gone AS (
                DELETE FROM idempotency_keys
                WHERE claimed_at < now() - make_interval(hours => \(policy.idempotencyHours)::int) RETURNING 1)
            SELECT count(*)::int FROM gone
            """, on: tx, logger: logger)
        return (buckets, keys)
    }

    static func count(_ sql: SQL, on tx: PostgresConnection, logger: Logger) async throws -> Int {
        for try await value in try await tx.run(sql, logger: logger).decode(Int.self) { return value }
        return 0
    }
}

/// `serve`'s housekeeping clock: a run a minute after start, then every `policy.interval`.
public struct MaintenanceService: Service {
    let maintenance: Maintenance
    let policy: MaintenancePolicy
    let logger: Logger

    public init(database: Database, policy: MaintenancePolicy) {
        (maintenance, self.policy, logger) = (database.maintenance, policy, database.logger)
    }

    public func run() async throws {
        var wait = Duration.seconds(60)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let pause = wait
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
            guard !Task.isShuttingDownGracefully && !Task.isCancelled else { return }
            wait = policy.interval
            do {
                // a run longer than the interval is given up (left to finish on its own), as at cancellation
                let (maintenance, policy) = (maintenance, policy)
                guard
                    let report = try await Deadline.run(
                        within: policy.interval, { try await maintenance.run(policy, actor: "maintenance") })
                else { continue }
                logger.info(
                    "Maintenance done",
                    metadata: [
                        "rateLimitBuckets": "\(report.rateLimitBuckets)",
                        "idempotencyKeys": "\(report.idempotencyKeys)",
                        "droppedPostDays": "\(report.droppedPostDays)",
                        "expiredListings": "\(report.expiredListings.count)", "purgedLeads": "\(report.purgedLeads)",
                        "deliveredNotifications": "\(report.deliveredNotifications)",
                    ])
            } catch {
                logger.warning("Maintenance failed; next run as scheduled", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension Database {
    public var maintenance: Maintenance { Maintenance(client: client, logger: logger) }
}
