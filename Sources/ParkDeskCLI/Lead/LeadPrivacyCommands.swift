import ArgumentParser
import Foundation
import NIOCore
import ParkDeskCore
import ParkDeskStore

struct LeadExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write leads as CSV for Excel/WPS (streamed: any number of rows in little memory).",
        discussion: """
            UTF-8 with BOM, CRLF, Chinese header (--header en for English keys), times in Asia/Shanghai,
            full contact details, cells starting with = + - @ neutralised with a leading '.
            Examples:
              parkdesk lead export --since 2026-11-01 --out 线索-11月.csv
              parkdesk lead export --status signed --status landed --header en --no-bom > leads.csv
              parkdesk lead export --since 2026-11-01 --time-format local --out 线索.csv   # times Excel reads as dates
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var filter: LeadFilterOptions
    @Option(help: "The file to write (default standard output).") var out: String?
    @Option(help: "zh (Chinese column names and labels, default) or en (English keys).") var header: String = "zh"
    @Flag(help: "Leave out the UTF-8 byte order mark.") var noBom = false
    @Option(help: "iso (2026-12-01T01:27:15+08:00, default) or local (2026-12-01 01:27:15, a date to Excel and WPS).")
    var timeFormat: String = "iso"

    func run() async throws {
        guard header == "zh" || header == "en" else { throw CLIError("--header must be zh or en") }
        guard timeFormat == "iso" || timeFormat == "local" else { throw CLIError("--time-format must be iso or local") }
        let leadFilter = try filter.leadFilter().validated()
        let options = LeadExport.Options(
            chineseHeader: header == "zh", byteOrderMark: !noBom, localTimes: timeFormat == "local")
        let sink = try CSVSink(path: out)
        let logger = try global.makeLogger()
        let count: Int
        do {
            count = try await withDatabase(logger: logger) { [leadFilter] database in
                try await database.leadExport.write(leadFilter, options: options, actor: CLIContext.actor) {
                    try sink.write($0)
                }
            }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        CLIContext.printError("exported \(count) lead(s)" + (out.map { " to \($0)" } ?? ""))
    }
}

/// Where export bytes go: a file (written to a temporary name and renamed when complete, so that a failed
/// export never leaves a half file behind), standard output, or the test's output buffer.
final class CSVSink: @unchecked Sendable {
    let path: String?
    let temporaryPath: String?
    let handle: FileHandle?

    init(path: String?) throws {
        self.path = path
        guard let path else {
            temporaryPath = nil
            handle = CLIContext.output == nil ? FileHandle.standardOutput : nil
            return
        }
        let temporary = path + ".part"
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw CLIError("cannot write \(path)")
        }
        self.temporaryPath = temporary
        self.handle = handle
    }

    func write(_ chunk: ByteBuffer) throws {
        if let handle {
            try handle.write(contentsOf: chunk.readableBytesView)
        } else {
            CLIContext.output?.append(String(decoding: chunk.readableBytesView, as: UTF8.self))
        }
    }

    func finish() throws {
        guard let path, let temporaryPath else { return }
        try handle?.close()
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: temporaryPath, toPath: path)
    }

    func abandon() {
        guard let temporaryPath else { return }
        try? handle?.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }
}

struct LeadErase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase", abstract: "Erase a person's data on request (PIPL); the anonymised record stays.",
        discussion: "Example:\n  parkdesk lead erase LD-2026-000001 --yes")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's reference.") var ref: String
    @Flag(help: "Confirm: the personal data cannot be brought back.") var yes = false

    func run() async throws {
        guard yes else { throw CLIError("erasing cannot be undone; add --yes to confirm") }
        let lead = try await global.withDatabase { [ref] database in
            try await database.leads.erase(ref: try LeadArgument.ref(ref), actor: CLIContext.actor)
        }
        CLIContext.print("erased the personal data of \(lead.ref)")
    }
}

struct LeadPurge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete leads with no activity for DAYS days (retention), with their inquiries and notes.",
        discussion:
            "Examples:\n  parkdesk lead purge --older-than 730 --dry-run\n  parkdesk lead purge --older-than 730")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Days without activity (at least 30).") var olderThan: Int
    @Flag(help: "Only count what would be deleted.") var dryRun = false

    func run() async throws {
        let count = try await global.withDatabase { [olderThan, dryRun] database in
            try await database.leads.purge(olderThanDays: olderThan, actor: CLIContext.actor, dryRun: dryRun)
        }
        CLIContext.print(dryRun ? "would delete \(count) lead(s)" : "deleted \(count) lead(s)")
    }
}
