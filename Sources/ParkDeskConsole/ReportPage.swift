import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore
import ParkDeskWorkbook

/// The report page: a period (this month at first), its charts each beside its table, every other table of the
/// report, and the same report as a workbook or CSV to download.
extension StaffConsole {
    struct ReportView: Sendable {
        struct Table: Sendable {
            let title: String
            let columns: [String]
            let rows: [[String]]
        }
        struct Section: Sendable {
            let chart: String
            let table: Table
        }
        struct Figure: Sendable {
            let label, value: String
        }
        struct Link: Sendable {
            let label, href: String
        }
        let period, periodLabel, asOf: String
        let complete: Bool
        let message: String?
        let shortcuts: [Link]
        let previous, next, workbook, csv: String
        let figures: [Figure]
        let charted: [Section]
        let tables: [Table]
    }

    func reportPage(_ visit: Visit, _ form: FormFields) async throws -> Response {
        let now = Date()
        let asked = form["period"]?.trimmingCharacters(in: .whitespaces) ?? ""
        var message: String?
        var period = ReportPeriod.containing(now, .month)
        if !asked.isEmpty {
            do { period = try ReportPeriod(asked) } catch {
                message = "无法识别的期间“\(asked.prefix(40))”，已显示本月。写法：2026-11、2026-Q4、2026 或 2026-11-01..2026-11-15。"
            }
        }
        let report = try await database.reports.report(period, now: now)
        let tables = Dictionary(report.tables.map { ($0.title, Self.table($0)) }, uniquingKeysWith: { a, _ in a })
        let charted: [(String, String)] = [
            (report.weekChart, "每周线索"), (report.funnelChart, "转化漏斗"), (report.pipelineCharts, "储备项目"),
            (report.districtChart, "房源"),
        ]
        let link = { (period: ReportPeriod) in ConsolePage.reports.path + "?period=" + period.key }
        let thisMonth = ReportPeriod.containing(now, .month)
        let view = ReportView(
            period: report.period.key, periodLabel: report.period.label, asOf: report.period.asOf,
            complete: report.period.complete, message: message,
            shortcuts: [
                ReportView.Link(label: "本月", href: link(thisMonth)),
                ReportView.Link(label: "上月", href: link(thisMonth.previous)),
                ReportView.Link(label: "本季度", href: link(ReportPeriod.containing(now, .quarter))),
                ReportView.Link(label: "今年", href: link(ReportPeriod.containing(now, .year))),
            ],
            previous: link(period.previous), next: link(period.next),
            workbook: ConsolePage.reportWorkbook.path + "?period=" + period.key,
            csv: ConsolePage.reportCSV.path + "?period=" + period.key,
            figures: report.tables.first.map { overview in
                overview.rows.dropFirst(4).map { ReportView.Figure(label: $0[0].text, value: $0[1].text) }
            } ?? [],
            charted: charted.compactMap { chart, title in
                tables[title].map { ReportView.Section(chart: chart, table: $0) }
            },
            tables: report.tables.dropFirst().filter { table in !charted.contains { $0.1 == table.title } }.map(
                Self.table))
        return pages.render("reports", title: "报表 · " + report.period.label, visit: visit, view)
    }

    static func table(_ table: ReportTable) -> ReportView.Table {
        ReportView.Table(
            title: table.title, columns: table.columns.map(\.name), rows: table.rows.map { $0.map(\.text) })
    }

    /// The report as a workbook or CSV file.
    func reportFile(_ visit: Visit, _ form: FormFields, workbook: Bool) async throws -> Response {
        let period: ReportPeriod
        do { period = try ReportPeriod(form["period"] ?? "") } catch {
            return pages.error(.badRequest, "期间写法不对：2026-11、2026-Q4、2026 或 2026-11-01..2026-11-15。", visit: visit)
        }
        let file = try ReportFile(try await database.reports.report(period), as: workbook ? .xlsx : .csv)
        return Response(
            status: .ok,
            headers: [
                .contentType: file.mediaType, .contentDisposition: file.contentDisposition, .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: .init(bytes: file.bytes)))
    }
}
