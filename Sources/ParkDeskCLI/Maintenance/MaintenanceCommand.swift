import ArgumentParser
import ParkDeskApp
import ParkDeskStore

/// `parkdesk maintenance run`: the housekeeping `serve` runs every hour, once, now.
struct MaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Housekeeping: what `serve` runs on its own every hour.",
        subcommands: [MaintenanceRun.self])
}

struct MaintenanceRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the housekeeping once and say what it removed.",
        discussion: """
            Forgets idle rate-limit buckets (1 h) and idempotency keys past their window (24 h), drops daily
            counts of bot posts past PARKDESK_DROPPED_POSTS_DAYS (90), expires listings not updated for
            PARKDESK_EXPIRE_DAYS (180), deletes leads without activity for PARKDESK_LEAD_RETENTION_DAYS (when
            set) and delivered notifications past PARKDESK_NOTIFY_RETENTION_DAYS (30). One instance at a time.
            """)

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let policy: MaintenancePolicy
        do { policy = try AppConfiguration.fromEnvironment(CLIContext.environment).maintenance } catch let error
            as ConfigurationError
        {
            throw CLIError(error.description)
        }
        let report = try await global.withDatabase { database in
            try await database.maintenance.run(policy, actor: CLIContext.actor)
        }
        guard let report else { throw CLIError("another instance is running the housekeeping right now") }
        CLIContext.print(
            [
                "rate-limit buckets forgotten: \(report.rateLimitBuckets)",
                "idempotency keys forgotten: \(report.idempotencyKeys)",
                "bot-post day counts dropped: \(report.droppedPostDays)",
                "listings expired: \(report.expiredListings.count)" + Self.sample(report.expiredListings),
                "leads purged: \(report.purgedLeads)"
                    + (policy.leadRetentionDays == nil ? " (no PARKDESK_LEAD_RETENTION_DAYS)" : ""),
                "delivered notifications removed: \(report.deliveredNotifications)",
                "staff sessions ended: \(report.staffSessions)",
            ].joined(separator: "\n"))
    }

    /// The first refs of a long list, and how many more (a million expired refs would be megabytes on one line).
    static func sample(_ refs: [String], shown: Int = 20) -> String {
        guard !refs.isEmpty else { return "" }
        let more = refs.count > shown ? ", … \(refs.count - shown) more" : ""
        return " (\(refs.prefix(shown).joined(separator: ", "))\(more))"
    }
}
