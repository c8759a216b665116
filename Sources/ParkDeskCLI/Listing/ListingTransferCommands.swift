import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

struct ListingImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bulk-load listings from CSV, JSONL or titles (.txt): all or nothing unless --skip-invalid.",
        discussion: """
            CSV header names are the field names of `listing add` (kind,deal,title,district,buildingArea,…).
            A .txt file holds one title a line, as the office writes them; each becomes a listing with the
            fields read from it (see `listing parse`), priced 面议 when it names no price. Every bad row is reported
            with its line number.
            Examples:
              parkdesk listing import listings.csv
              parkdesk listing import listings.jsonl --skip-invalid --status draft
              parkdesk listing import titles.txt --status draft
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A .csv, .jsonl or .txt (one title a line) file.") var file: String
    @Flag(help: "Load the good rows and report the bad ones.") var skipInvalid = false
    @Option(help: "Status of the imported listings: active (default) or draft.") var status: String = "active"

    func run() async throws {
        let initial = try ListingFiles.parse(status, "--status", ListingStatus.self)
        guard initial == .active || initial == .draft else {
            throw CLIError("--status: imported listings start as active or draft")
        }
        guard let format = ListingFile.Format(fileName: file) else {
            throw CLIError("import takes a .csv, .jsonl or .txt file")
        }
        let text = try ListingFiles.text(path: file)
        let total = ListingFile.lines(text).count - (format == .csv ? 1 : 0)  // for the progress line only
        let logger = try global.makeLogger()
        let showProgress = isatty(STDERR_FILENO) == 1 && CLIContext.output == nil
        var progress: (@Sendable (Int) -> Void)?
        if showProgress {
            progress = { done in FileHandle.standardError.write(Data("\r\(done)/\(total)".utf8)) }
        }
        let report: ImportReport
        let skip = skipInvalid
        let actor = CLIContext.actor
        let onProgress = progress
        do {
            report = try await withDatabase(logger: logger) { database in
                let rows = ListingFile.rows(text, format: format, parser: try await database.places.textParser())
                return try await database.listings.importListings(
                    rows, status: initial, skipInvalid: skip, actor: actor, progress: onProgress)
            }
        } catch let rejected as ImportRejected {
            rejected.rows.forEach { CLIContext.print($0.description) }
            throw CLIError(
                "\(rejected.rows.count) bad row(s) in \(file); nothing imported (use --skip-invalid to load the "
                    + "good rows)"
            )
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        report.skipped.forEach { CLIContext.print("skipped \($0.description)") }
        CLIContext.print("imported \(report.imported) listing(s), skipped \(report.skipped.count)")
    }
}

struct ListingParse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show what is read from listing titles, without saving anything.",
        discussion: """
            Examples:
              parkdesk listing parse "九华标准厂房二楼1500㎡出租,层高6米,承重1吨,12元/平/月"
              parkdesk listing parse --file titles.txt --summary
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Titles to read.") var titles: [String] = []
    @Option(help: "A file of titles, one a line.") var file: String?
    @Flag(help: "Only count: how many were read, how fast (one core), how many fully understood.") var summary = false

    func run() async throws {
        let texts = titles + (try file.map { ListingFile.lines(try ListingFiles.text(path: $0)).map(\.text) } ?? [])
        guard !texts.isEmpty else { throw CLIError("give titles to read, or --file") }
        let parser = try await global.withDatabase { database in try await database.places.textParser() }
        guard summary else {
            for text in texts {
                let parsed = parser.listing(text)
                CLIContext.print("“\(text)”\n" + ParsedTextView.text(parsed.fields, parsed.unparsed))
            }
            return
        }
        let clock = ContinuousClock()
        var understood = 0
        let elapsed = clock.measure {
            for text in texts where parser.listing(text).unparsed.isEmpty { understood += 1 }
        }
        let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        let rate = Int(Double(texts.count) / max(seconds, 1e-9))
        CLIContext.print(
            "parsed \(texts.count) title(s) in \(Int(seconds * 1000)) ms: \(rate) titles/s on one core; "
                + "\(understood) fully understood, \(texts.count - understood) with words left over")
    }
}

struct ListingExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write listings as JSONL (default) or CSV that `listing import` reads back.",
        discussion:
            "Examples:\n  parkdesk listing export --out listings.jsonl\n  parkdesk listing export --format csv "
            + "--status active --out active.csv"
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "jsonl or csv.") var format: String = "jsonl"
    @Option(help: "Only this status (repeatable).") var status: [String] = []
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() async throws {
        guard format == "jsonl" || format == "csv" else { throw CLIError("--format must be jsonl or csv") }
        var filter = ListingFilter()
        filter.statuses = try status.map { try ListingFiles.parse($0, "--status", ListingStatus.self) }
        filter.limit = 10_000
        let listings = try await global.withDatabase { [filter] database in
            try await database.listings.list(filter)
        }
        let text =
            format == "csv"
            ? ListingFile.csv(listings)
            : try listings.map {
                try ListingJSON.text(ListingJSON(listing: $0), pretty: false)
            }.joined(separator: "\n") + (listings.isEmpty ? "" : "\n")
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
            CLIContext.print("exported \(listings.count) listing(s) to \(out)")
        } else {
            CLIContext.print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
        }
    }
}
