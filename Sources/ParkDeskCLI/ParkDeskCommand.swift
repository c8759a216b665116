public import ArgumentParser
import ParkDeskCore
import ParkDeskStore

/// `parkdesk`: the service and the office's admin tool in one program.
public struct ParkDeskCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "parkdesk",
        abstract: "ParkDesk — listings and investor leads for the Xiangtan and Chenzhou investment office.",
        discussion: """
            Without DATABASE_URL, ParkDesk starts its own PostgreSQL cluster in ./.parkdesk/pgdata
            (PARKDESK_DATA_DIR overrides the folder).

            Examples:
              parkdesk serve --port 8080
              parkdesk migrate --status
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, ListingCommand.self, ParkCommand.self, LeadCommand.self,
            TokenCommand.self, StaffCommand.self, MediaCommand.self, NotifyCommand.self, MaintenanceCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            SeedCommand.self, ReportCommand.self,
        ])

    public init() {}
}

extension ParkDeskCommand {
    /// Parses the process arguments and runs the chosen command; errors print one line and exit non-zero.
    public static func runMain(_ arguments: [String]? = nil) async {
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: presentable(error))
        }
    }

    /// The error as staff should read it: field errors name the flag (`--building-area: …`).
    static func presentable(_ error: any Error) -> any Error {
        let error = DatabaseFault.named(error)
        return switch error {
        case let failure as ValidationFailed: CLIError(failure)
        case let fault as DatabaseFault: CLIError("database: \(fault)")
        // the server's own words (PostgresNIO hides them by default); staff need them to report the problem
        case let refusal as DatabaseRefusal: CLIError("database: \(refusal)")
        default: error
        }
    }

    /// The one line printed for a failed command (without the `Error: ` prefix).
    public static func errorMessage(for error: any Error) -> String {
        message(for: presentable(error))
    }
}
