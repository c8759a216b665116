import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

struct ListingImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bulk-load listings from CSV or JSONL: all or nothing unless --skip-invalid.",
        discussion: """
            CSV header names are the field names of `listing add` (kind,deal,title,district,buildingArea,…).
            Every bad row is reported with its line number.
            Examples:
              parkdesk listing import listings.csv
              parkdesk listing import listings.jsonl --skip-invalid --status draft
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A .csv or .jsonl file.") var file: String
    @Flag(help: "Load the good rows and report the bad ones.") var skipInvalid = false
    @Option(help: "Status of the imported listings: active (default) or draft.") var status: String = "active"

    func run() async throws {
        let initial = try ListingFiles.parse(status, "--status", ListingStatus.self)
        guard initial == .active || initial == .draft else {
            throw CLIError("--status: imported listings start as active or draft")
        }
        let rows = try ListingFiles.importRows(path: file)
        let logger = try global.makeLogger()
        let showProgress = isatty(STDERR_FILENO) == 1 && CLIContext.output == nil
        let total = rows.count
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
                let store = database.listings
                return try await store.importListings(
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
            ? ListingCSV.document(listings)
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

/// Listings as CSV with the import's column names, so an export can be imported again.
enum ListingCSV {
    static let columns = [
        "ref", "status", "kind", "deal", "title", "description", "district", "town", "park", "address",
        "latitude", "longitude", "features", "buildingArea", "landArea", "craneTons", "price", "priceUnit",
    ]

    static func document(_ listings: [Listing]) -> String {
        var lines = [columns.joined(separator: ",")]
        for l in listings {
            let f = l.fields
            let cells: [String?] = [
                l.ref, l.status.rawValue, f.kind.rawValue, f.deal.rawValue, f.title, f.description, f.district, f.town,
                f.park, f.address, f.latitude.map { "\($0)" }, f.longitude.map { "\($0)" },
                f.features.joined(separator: ","),
                f.spec.building.map { "\($0.area)" }, f.spec.land.map { "\($0.area)" },
                f.spec.building?.crane?.maxTons.map { "\($0)" },
                f.priceAmount.map { "\($0)" } ?? (f.priceUnit == .negotiable ? "negotiable" : nil),
                f.priceUnit.rawValue,
            ]
            lines.append(cells.map { quote($0 ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func quote(_ cell: String) -> String {
        let needsQuotes = cell.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
        }
        return needsQuotes ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }
}
