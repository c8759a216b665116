public import ArgumentParser
import ParkDeskCore

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
        subcommands: [ServeCommand.self, MigrateCommand.self, ListingCommand.self, ParkCommand.self, SeedCommand.self])

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
        } catch let failure as ValidationFailed {
            exit(withError: CLIError(failure))
        } catch {
            exit(withError: error)
        }
    }
}
