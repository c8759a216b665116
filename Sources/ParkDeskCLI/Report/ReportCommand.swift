import ArgumentParser
import Foundation
import NIOCore
import ParkDeskCore
import ParkDeskStore
import ParkDeskWorkbook

/// `parkdesk report`: the office's numbers for a period, as JSON, CSV or an Excel workbook.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The office's numbers for a period: leads, funnel, speed, agents, pipeline, projects, listings.",
        discussion: """
            Periods are days in Asia/Shanghai: a month (2026-11), a quarter (2026-Q4), a year (2026), a day
            (2026-11-30) or days from–to (2026-11-01..2026-11-15).
            Examples:
              parkdesk report --period 2026-11 --out 招商报告-2026-11.xlsx
              parkdesk report --period 2026-Q4 --format csv > report.csv
              parkdesk report --period 2026 --format json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "The period: 2026-11, 2026-Q4, 2026, 2026-11-30 or 2026-11-01..2026-11-15.") var period: String
    @Option(help: "json, csv or xlsx (default: from --out's suffix, else json).") var format: String?
    @Option(help: "The file to write (default standard output).") var out: String?

    func run() async throws {
        let suffix = out.flatMap { ReportFile.Format(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) }
        guard let format = self.format.map({ ReportFile.Format(rawValue: $0) }) ?? suffix ?? .json else {
            throw CLIError("--format must be json, csv or xlsx")
        }
        if format == .xlsx && out == nil && (CLIContext.output != nil || isatty(STDOUT_FILENO) == 1) {
            throw CLIError("a workbook is binary: give --out FILE.xlsx or redirect standard output to a file")
        }
        let period = try ReportPeriod(self.period)
        let report = try await global.withDatabase { database in try await database.reports.report(period) }
        let file = try ReportFile(report, as: format)
        let sink = try CSVSink(path: out)
        do {
            try sink.write(ByteBuffer(bytes: file.bytes))
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
        CLIContext.printError(
            "report \(report.period.label) (\(format.rawValue), \(report.leads.total) new lead(s))"
                + (out.map { " → \($0)" } ?? ""))
    }
}
