import Logging
import ParkDeskStore
import PostgresNIO

/// Decides readiness: the database answers and no migration is pending.
struct HealthService: Sendable {
    let client: PostgresClient
    let migrator: Migrator

    /// `nil` when ready, otherwise a sentence saying what is missing.
    func notReadyReason() async -> String? {
        do {
            let pending = try await migrator.status(client).filter { $0.appliedAt == nil }
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
}
