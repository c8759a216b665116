import Foundation
import OpenAPIRuntime
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore
import ParkDeskWorkbook

/// The period report: JSON, or the workbook or CSV by `Accept` or by the path's suffix.
extension APIHandlers {
    func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        let report = try await periodReport(input.query.period)
        let wanted = input.headers.accept.sortedByQuality().first?.contentType
        let name = "report-\(report.period.key)"
        switch wanted {
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet:
            return .ok(
                .init(
                    headers: .init(contentDisposition: Self.attachment(name + ".xlsx")),
                    body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(
                        HTTPBody(try ReportWorkbook.data(report)))))
        case .csv:
            return .ok(
                .init(
                    headers: .init(contentDisposition: Self.attachment(name + ".csv")), body: .csv(HTTPBody(report.csv))
                ))
        default:
            return .ok(.init(body: .json(try Self.contract(report))))
        }
    }

    func getReportWorkbook(
        _ input: Operations.GetReportWorkbook.Input
    ) async throws
        -> Operations.GetReportWorkbook.Output
    {
        let report = try await periodReport(input.query.period)
        return .ok(
            .init(
                headers: .init(contentDisposition: Self.attachment("report-\(report.period.key).xlsx")),
                body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(
                    HTTPBody(try ReportWorkbook.data(report)))))
    }

    func getReportCSV(_ input: Operations.GetReportCSV.Input) async throws -> Operations.GetReportCSV.Output {
        let report = try await periodReport(input.query.period)
        return .ok(
            .init(
                headers: .init(contentDisposition: Self.attachment("report-\(report.period.key).csv")),
                body: .csv(HTTPBody(report.csv))))
    }

    func periodReport(_ period: String) async throws -> Report {
        _ = try RequestScope.require(.readReports)
        return try await reports.report(try ReportPeriod(period))
    }

    static func attachment(_ filename: String) -> String { "attachment; filename=\"\(filename)\"" }

    /// Core's report as the contract's type: encoded and decoded again, so a field the document lacks (or one it
    /// requires that the report lacks) fails here, in every test that asks for a report.
    static func contract(_ report: Report) throws -> Components.Schemas.Report {
        try JSONDecoder().decode(Components.Schemas.Report.self, from: try JSONEncoder().encode(report))
    }
}
