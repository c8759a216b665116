import Logging
public import ParkDeskStore
public import ServiceLifecycle

/// Runs `body` as a service (a database pool: it ends at graceful shutdown by itself).
struct Running: Service {
    let body: @Sendable () async -> Void

    func run() async throws {
        await body()
    }
}

/// Runs a check every `interval` until shutdown: the database monitor's, the read replica's.
struct RepeatingCheck: Service {
    let interval: Duration
    let check: @Sendable () async -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await check()
                try? await Task.sleep(for: interval)
            }
        }
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
                        "staffSessions": "\(report.staffSessions)",
                    ])
            } catch {
                logger.warning(
                    "Maintenance failed; next run as scheduled", metadata: ["error": "\(DatabaseFault.loggable(error))"]
                )
            }
        }
    }
}
