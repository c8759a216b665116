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
        switch input.headers.accept.sortedByQuality().first?.contentType {
        case .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet:
            let file = try ReportFile(report, as: .xlsx)
            return .ok(
                .init(
                    headers: .init(contentDisposition: file.contentDisposition),
                    body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(file.bytes))))
        case .csv:
            let file = try ReportFile(report, as: .csv)
            return .ok(
                .init(headers: .init(contentDisposition: file.contentDisposition), body: .csv(HTTPBody(file.bytes))))
        default:
            return .ok(.init(body: .json(try Self.contract(report))))
        }
    }

    func getReportWorkbook(
        _ input: Operations.GetReportWorkbook.Input
    ) async throws
        -> Operations.GetReportWorkbook.Output
    {
        let file = try ReportFile(try await periodReport(input.query.period), as: .xlsx)
        return .ok(
            .init(
                headers: .init(contentDisposition: file.contentDisposition),
                body: .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(file.bytes))))
    }

    func getReportCSV(_ input: Operations.GetReportCSV.Input) async throws -> Operations.GetReportCSV.Output {
        let file = try ReportFile(try await periodReport(input.query.period), as: .csv)
        return .ok(.init(headers: .init(contentDisposition: file.contentDisposition), body: .csv(HTTPBody(file.bytes))))
    }

    func periodReport(_ period: String) async throws -> Report {
        _ = try RequestScope.require(.readReports)
        return try await reports.report(try ReportPeriod(period))
    }

    /// Core's report as the contract's type: encoded and decoded again, so a field the document lacks (or one it
    /// requires that the report lacks) fails here, in every test that asks for a report.
    static func contract(_ report: Report) throws -> Components.Schemas.Report {
        try JSONDecoder().decode(Components.Schemas.Report.self, from: try JSONEncoder().encode(report))
    }
}
