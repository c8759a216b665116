public import Logging

/// The Store's long-lived helpers, made from the `Database` and `DatabasePool` values the composition root holds
/// (their callers then never name a PostgresNIO type).
extension Database {
    public init(pool: DatabasePool, logger: Logger, replica: ReadReplica? = nil) {
        self.init(client: pool.client, logger: logger, replica: replica)
    }

    /// Applies every pending migration and returns those it applied.
    @discardableResult
    public func migrate(with migrator: Migrator) async throws -> [Migration] {
        try await migrator.migrate(client)
    }

    /// Every migration on disk with the time it was applied.
    public func migrations(of migrator: Migrator) async throws -> [MigrationState] {
        try await migrator.status(client)
    }

    /// A rate limiter whose buckets live in this database.
    public func rateLimiter(capacity: Double, refillPerSecond: Double) -> RateLimiter {
        RateLimiter(client: client, logger: logger, capacity: capacity, refillPerSecond: refillPerSecond)
    }
}

extension DatabaseMonitor {
    public convenience init(
        pool: DatabasePool, logger: Logger, interval: Duration = .seconds(1), timeout: Duration = .seconds(2)
    ) {
        self.init(client: pool.client, logger: logger, interval: interval, timeout: timeout)
    }
}

extension ReadReplica {
    public convenience init(
        pool: DatabasePool, primary: DatabasePool, maximumLag: Duration, logger: Logger, timeout: Duration,
        readWait: Duration
    ) {
        self.init(
            client: pool.client, primary: primary.client, maximumLag: maximumLag, logger: logger, timeout: timeout,
            readWait: readWait)
    }
}
