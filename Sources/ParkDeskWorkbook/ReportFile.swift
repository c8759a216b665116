public import Foundation
public import ParkDeskCore

/// The report as a file to download or write: a workbook, a CSV or (for the command line) indented JSON, with the
/// name and media type each door gives it.
public struct ReportFile: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case xlsx, csv, json
    }

    public let bytes: Data
    public let filename: String
    public let mediaType: String

    public init(_ report: Report, as format: Format) throws {
        filename = "report-\(report.period.key).\(format.rawValue)"
        switch format {
        case .xlsx:
            (bytes, mediaType) = (try ReportWorkbook.data(report), ReportWorkbook.mediaType)
        case .csv:
            (bytes, mediaType) = (Data(report.csv.utf8), "text/csv; charset=utf-8")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            (bytes, mediaType) = (try encoder.encode(report) + Data("\n".utf8), "application/json")
        }
    }

    /// `attachment; filename="report-2026-11.xlsx"`.
    public var contentDisposition: String { "attachment; filename=\"\(filename)\"" }
}
