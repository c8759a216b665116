import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// 批量导入: a CSV, JSONL or titles file loaded as `parkdesk listing import` loads it (`ListingFile`, then
/// `importListings`: every row checked, all or nothing unless the bad rows are to be skipped), the failed lines
/// shown as a table. Park staff import into their own parks only.
extension StaffConsole {
    struct ImportView: Sendable {
        struct Failure: Sendable {
            let line: Int
            let field, reason, detail: String
        }
        let failures: [Failure]
        let imported: Int?
        let message: String?
        let skipInvalid: Bool
        let publish: Bool
        var hasFailures = false
    }

    func importForm(_ visit: Visit) -> Response {
        let view = ImportView(failures: [], imported: nil, message: nil, skipInvalid: false, publish: false)
        return pages.render("listing-import", title: "批量导入房源", visit: visit, view)
    }

    func importListings(_ visit: Visit, _ form: FormFields, files: [MultipartForm.File]) async throws -> Response {
        let skip = form.isOn("skipInvalid")
        let publish = form["status"] == "active"
        func page(
            _ failures: [ImportView.Failure], imported: Int?, _ message: String, _ status: HTTPResponse.Status
        )
            -> Response
        {
            var view = ImportView(
                failures: failures, imported: imported, message: message, skipInvalid: skip, publish: publish)
            view.hasFailures = !failures.isEmpty
            return pages.render("listing-import", title: "批量导入房源", visit: visit, view, status: status)
        }
        guard let file = files.first else { return page([], imported: nil, "请选择要导入的文件。", .unprocessableContent) }
        guard let format = ListingFile.Format(fileName: file.fileName) else {
            return page([], imported: nil, "只能导入 .csv、.jsonl 或 .txt（每行一条标题）文件。", .unprocessableContent)
        }
        var rows = ListingFile.rows(
            ListingFile.text(file.data), format: format, parser: try await database.places.textParser())
        if visit.member.role == .park { rows = try await withinParks(rows, visit) }
        do {
            let report = try await database.listings.importListings(
                rows, status: publish ? .active : .draft, skipInvalid: skip, actor: visit.actor)
            listingCounts.forgetAll()
            let failures = report.skipped.flatMap(Self.failures)
            return page(
                failures, imported: report.imported,
                "已导入 \(report.imported) 条" + (failures.isEmpty ? "。" : "，跳过 \(report.skipped.count) 行（见下表）。"), .ok)
        } catch let rejected as ImportRejected {
            return page(
                rejected.rows.flatMap(Self.failures), imported: nil,
                "有 \(rejected.rows.count) 行有误，全部未导入。请改正后重新导入，或勾选“跳过有误的行”。", .unprocessableContent)
        }
    }

    static func failures(_ row: ImportRowError) -> [ImportView.Failure] {
        row.errors.map {
            let shown = ListingForm.shownField($0.field)
            return ImportView.Failure(
                line: row.line, field: ListingForm.label(of: shown),
                reason: ConsoleMessages.listingHints[shown] ?? "请检查该字段",
                detail: $0.message)
        }
    }

    /// Rows whose park is not one of a park member's are refused by field.
    func withinParks(_ rows: [ImportRow], _ visit: Visit) async throws -> [ImportRow] {
        let parks = try await formContext(visit).parks
        return rows.map { row in
            guard case .success(let draft) = row.draft,
                !parks.contains(where: { $0.name == draft.park || String($0.id) == draft.park })
            else { return row }
            return ImportRow(
                line: row.line, draft: .failure(ValidationFailed("park", "park staff import into their own parks only"))
            )
        }
    }
}
