import Logging
import PostgresNIO

/// Decides readiness: the database answers and no migration is pending. Answers within a few seconds
/// whatever the database does. With a read replica, it also says where public reads go.
public struct Readiness: Sendable {
    let client: PostgresClient
    let migrator: Migrator
    let monitor: DatabaseMonitor
    let replica: ReadReplica?

    public init(database: Database, migrator: Migrator, monitor: DatabaseMonitor) {
        client = database.client
        replica = database.replica
        self.migrator = migrator
        self.monitor = monitor
    }

    /// `nil` when ready, otherwise a sentence saying what is missing.
    public func notReadyReason() async -> String? {
        if let reason = monitor.unavailableReason { return "Not ready: \(reason)." }
        let client = self.client
        let migrator = self.migrator
        do {
            let pending = try await Deadline.run(within: .seconds(3)) {
                try await migrator.status(client).filter { $0.appliedAt == nil }
            }
            if let first = pending.first {
                return "\(pending.count) migration(s) not applied yet, first \(first.migration.fileName)."
            }
            return nil
        } catch let error as MigrationError {
            return error.description
        } catch {
            return "The database does not answer."
        }
    }

    /// Where public reads go, when a read replica is configured (a replica away is not unreadiness: the
    /// primary serves its reads).
    public var reads: (source: ReadSource, lag: Duration?)? { replica.map { ($0.source, $0.lag) } }
}
