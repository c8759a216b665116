import ArgumentParser
import Foundation
import ParkDeskStore

/// `parkdesk seed`: demo data for trying ParkDesk out, or synthetic data in bulk for benchmarks.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Load demo data (idempotent) or synthetic data in bulk.",
        discussion: """
            Examples:
              parkdesk seed --demo
              parkdesk seed --synthetic --listings 1000000 --seed 42
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "The office's real listings, the main parks and ~50 plausible listings.") var demo = false
    @Flag(help: "Realistic generated listings (deterministic for a given --seed), loaded with COPY.") var synthetic = false
    @Option(help: "How many synthetic listings.") var listings = 0
    @Option(help: "Seed of the generator; the same seed gives the same data.") var seed: UInt64 = 1

    func run() async throws {
        guard demo != synthetic else { throw CLIError("say what to seed: --demo or --synthetic --listings N") }
        let logger = try global.makeLogger()
        if demo {
            let added = try await withDatabase(logger: logger) { client in
                try await DemoData(client: client, logger: logger).load(actor: CLIContext.actor)
            }
            CLIContext.print("demo data: added \(added.parks) park(s) and \(added.listings) listing(s)")
            return
        }
        guard (1...10_000_000).contains(listings) else { throw CLIError("--listings: give a number from 1 to 10000000") }
        let total = listings
        let started = Date()
        let showProgress = isatty(STDERR_FILENO) == 1
        let loaded = try await withDatabase(logger: logger) { client in
            try await SyntheticListings(client: client, logger: logger).load(count: total, seed: seed, actor: CLIContext.actor) { done in
                guard showProgress else { return }
                let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
                CLIContext.printError("\u{1B}[1A\u{1B}[2Klistings: \(done)/\(total) (\(Int(rate)) rows/s)")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        CLIContext.print("synthetic data: added \(loaded) listing(s) in \(String(format: "%.1f", seconds)) s")
    }
}
