import ArgumentParser
import Foundation
import Logging
import ParkDeskStore

/// `parkdesk migrate`: applies pending schema migrations, or lists them with `--status`.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending SQL migrations from sql/ (or list them with --status).",
        discussion: """
            Examples:
              parkdesk migrate
              parkdesk migrate --status
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "List every migration and when it was applied; change nothing.")
    var status = false

    func run() async throws {
        let logger = try global.makeLogger()
        let migrator = Migrator(logger: logger)
        let showStatus = status
        let lines = try await withDatabase(logger: logger, migrate: false) { database in
            if showStatus {
                return try await database.migrations(of: migrator).map { state in
                    let when = state.appliedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "pending"
                    return "\(state.migration.fileName)  \(when)"
                }
            }
            let applied = try await database.migrate(with: migrator)
            return applied.isEmpty ? ["Schema is up to date."] : applied.map { "applied \($0.fileName)" }
        }
        lines.forEach { CLIContext.print($0) }
    }
}
