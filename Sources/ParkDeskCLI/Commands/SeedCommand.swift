import ArgumentParser
import Foundation
import ParkDeskStore
import ParkDeskSeed

/// `parkdesk seed`: demo data for trying ParkDesk out, or synthetic data in bulk for benchmarks.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Load demo data (idempotent) or synthetic data in bulk.",
        discussion: """
            Examples:
              parkdesk seed --demo
              parkdesk seed --synthetic --listings 1000000 --leads 1000000 --seed 42
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "The office's real listings and ~50 plausible ones.") var demo = false
    @Flag(help: "Realistic generated listings (deterministic for a given --seed), loaded with COPY.") var synthetic =
        false
    @Option(help: "How many synthetic listings.") var listings = 0
    @Option(help: "How many synthetic leads.") var leads = 0
    @Option(help: "Seed of the generator; the same seed gives the same data.") var seed: UInt64 = 1

    func run() async throws {
        guard demo != synthetic else {
            throw CLIError("say what to seed: --demo or --synthetic --listings N --leads M")
        }
        let logger = try global.makeLogger()
        if demo {
            let added = try await withDatabase(logger: logger) { database in
                try await database.demoData(media: try mediaLibrary(database)).load(actor: CLIContext.actor)
            }
            CLIContext.print("demo data: added \(added) listing(s)")
            return
        }
        for (flag, count) in [("--listings", listings), ("--leads", leads)] where !(0...10_000_000).contains(count) {
            throw CLIError("\(flag): give a number from 0 to 10000000")
        }
        guard listings + leads > 0 else { throw CLIError("give --listings N and/or --leads N") }
        let (listings, leads, seed) = (listings, leads, seed)
        let started = Date()
        let (addedListings, addedLeads) = try await withDatabase(logger: logger) { database in
            let listingCount = try await database.syntheticListings
                .load(
                    count: listings, seed: seed, actor: CLIContext.actor,
                    progress: Self.progress("listings", of: listings, since: started))
            let leadCount = try await database.syntheticLeads
                .load(
                    count: leads, seed: seed, actor: CLIContext.actor,
                    progress: Self.progress("leads", of: leads, since: Date()))
            return (listingCount, leadCount)
        }
        let seconds = Date().timeIntervalSince(started)
        CLIContext.print(
            "synthetic data: added \(addedListings) listing(s) and \(addedLeads) lead(s) in "
                + "\(String(format: "%.1f", seconds)) s"
        )
    }

    /// A progress line on a terminal, rewritten in place.
    static func progress(_ what: String, of total: Int, since started: Date) -> (@Sendable (Int) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { done in
            let rate = Double(done) / max(Date().timeIntervalSince(started), 0.001)
            CLIContext.printError("\u{1B}[1A\u{1B}[2K\(what): \(done)/\(total) (\(Int(rate)) rows/s)")
        }
    }
}
