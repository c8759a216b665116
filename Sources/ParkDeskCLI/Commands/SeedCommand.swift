import ArgumentParser
import ParkDeskStore

/// `parkdesk seed --demo`: loads the demo parks and listings (idempotent).
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Load demo data (idempotent).",
        discussion: "Example:\n  parkdesk seed --demo")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "The office's real listings, the main parks and ~50 plausible listings.") var demo = false

    func run() async throws {
        guard demo else { throw CLIError("say what to seed: --demo") }
        let logger = try global.makeLogger()
        let added = try await withDatabase(logger: logger) { client in
            try await DemoData(client: client, logger: logger).load(actor: CLIContext.actor)
        }
        CLIContext.print("demo data: added \(added.parks) park(s) and \(added.listings) listing(s)")
    }
}
