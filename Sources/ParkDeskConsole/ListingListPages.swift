import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// 房源: the listings a member may see (park staff: their parks'), filtered by status, kind, park, district and
/// words, counted per status, changed last first; and the same list as CSV.
extension StaffConsole {
    struct ListingsView: Sendable {
        typealias Choice = ListingFormView.Choice
        struct Tab: Sendable, TemplateFields {
            let label, href: String
            let count: Int
            let current: Bool
            var templateFields: [String: Any] { ["label": label, "href": href, "count": count, "current": current] }
        }
        let tabs: [Tab]
        let kinds, parks, districts: [Choice]
        let q, status: String
        let rows: [ListingRowView]
        let empty: Bool
        let next, previous: String?
        let exportHref: String
        let mayWrite, mayImport: Bool
        let message: String?
    }

    static let listingsPerPage = 50

    func listings(_ visit: Visit, _ form: FormFields) async throws -> Response {
        var messages: [String: String] = [:]
        let filter = try await listingFilter(visit, form, messages: &messages)
        let listings = database.listings
        async let counted = listingCounts.value(for: filter.counted) { try await listings.statusCounts(filter) }
        let lines = try await listings.workList(filter)
        let counts = try await counted
        let parks = try await database.places.parkChoices().filter {
            visit.member.role != .park || visit.member.parkIDs.contains($0.id)
        }
        let districts = try await database.places.districts()
        let base = ConsolePage.listings.path
        let others = form.encoded(dropping: ["status", "page"])
        func link(_ status: String?, page: Int = 0) -> String {
            let parts = [others, status.map { "status=" + $0 } ?? "", page > 0 ? "page=\(page)" : ""]
            let query = parts.filter { !$0.isEmpty }.joined(separator: "&")
            return query.isEmpty ? base : base + "?" + query
        }
        let status = form["status"] ?? ""
        let page = filter.offset / Self.listingsPerPage
        let tabs =
            [Tab(label: "全部", href: link(nil), count: counts.values.reduce(0, +), current: status.isEmpty)]
            + ListingStatus.allCases.map {
                Tab(label: $0.label, href: link($0.rawValue), count: counts[$0] ?? 0, current: status == $0.rawValue)
            }
        typealias Tab = ListingsView.Tab
        typealias Choice = ListingsView.Choice
        let view = ListingsView(
            tabs: tabs,
            kinds: ListingKind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: filter.kind == $0)
            },
            parks: parks.map { Choice(value: String($0.id), label: $0.name, selected: filter.parkID == $0.id) },
            districts: districts.map {
                Choice(value: $0.key, label: $0.name, selected: filter.districtID == $0.id)
            },
            q: form.typed("q"), status: status, rows: lines.map(ListingRowView.init), empty: lines.isEmpty,
            next: lines.count == Self.listingsPerPage ? link(status.isEmpty ? nil : status, page: page + 1) : nil,
            previous: page > 0 ? link(status.isEmpty ? nil : status, page: page - 1) : nil,
            exportHref: ConsolePage.listingExport.path
                + (form.pairs.isEmpty ? "" : "?" + form.encoded(dropping: ["page"])),
            mayWrite: ConsolePage.listingNew.allows(visit.member.role),
            mayImport: ConsolePage.listingImport.allows(visit.member.role),
            message: messages.values.first)
        return pages.render("listings", title: "房源", visit: visit, view)
    }

    /// The list's filter from the query; what cannot be read is left out and said.
    func listingFilter(
        _ visit: Visit, _ form: FormFields, messages: inout [String: String]
    ) async throws -> ListingWorkFilter {
        var filter = ListingWorkFilter()
        filter.expireDays = expireDays
        if visit.member.role == .park { filter.parkScope = visit.member.parkIDs }
        if let status = form["status"] {
            if let status = ListingStatus(rawValue: status) {
                filter.statuses = [status]
            } else {
                messages["status"] = "未知状态"
            }
        }
        filter.kind = form["kind"].flatMap(ListingKind.init(rawValue:))
        filter.parkID = form["park"].flatMap(Int.init)
        if let key = form["district"] {
            filter.districtID = try await database.places.districts().first { $0.key == key }?.id
        }
        if let text = form["q"] {
            if text.count > 60 { messages["q"] = "搜索词最多 60 字" } else { try await read(text, into: &filter) }
        }
        let page = min(max(0, form["page"].flatMap(Int.init) ?? 0), 1_000)
        filter.offset = page * Self.listingsPerPage
        filter.limit = Self.listingsPerPage
        return filter
    }

    /// The search words read as the website reads them (`TextParser.search`): a kind, a district, a park or a ref
    /// the list's own filters leave open becomes that filter (its select shows it); every other word stays text.
    func read(_ text: String, into filter: inout ListingWorkFilter) async throws {
        let reading = try await database.places.textParser().search(text)
        var words = reading.keywords
        let districts = try await database.places.districts()
        for read in reading.filters {
            switch read.value {
            case .kinds(let kinds) where kinds.count == 1 && filter.kind == nil: filter.kind = kinds[0]
            case .districts(let names) where names.count == 1 && filter.districtID == nil:
                filter.districtID = districts.first { $0.key == names[0].key }?.id
            case .park(let id, _) where filter.parkID == nil: filter.parkID = id
            case .ref(let ref): words = [ref]
            default: words += read.words.map(\.text)
            }
        }
        filter.text = words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// The filtered list as CSV in the import's columns (at most 10,000 listings), audited.
    func listingExport(_ visit: Visit, _ form: FormFields) async throws -> Response {
        var messages: [String: String] = [:]
        var filter = try await listingFilter(visit, form, messages: &messages)
        filter.offset = 0
        filter.limit = 10_000
        let lines = try await database.listings.workList(filter)
        let listings = try await database.listings.exported(refs: lines.map(\.ref), actor: visit.actor)
        let csv = "\u{FEFF}" + ListingFile.csv(listings)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"listings-\(ConsoleFormat.day(Date())).csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}

/// One listing in the list: its cover, title, facts and status, escaped here for the template (`{{{…}}}`).
struct ListingRowView: Sendable, TemplateFields {
    let line: ListingLine

    init(_ line: ListingLine) {
        self.line = line
    }

    var templateFields: [String: Any] {
        let area =
            line.kind.isBuilding
            ? "\(line.area)㎡" : "\(line.area)㎡（\(DecimalText.rounded(Area.mu(fromSquareMetres: line.area), scale: 1))亩）"
        return [
            "href": StaffConsole.root + "/listings/" + line.ref, "ref": line.ref,
            "title": HTMLText.escaped(line.title),
            "facts": HTMLText.escaped(
                [line.kind.label + line.deal.label, area, line.priceUnit.display(line.priceAmount)]
                    .joined(separator: " · ")),
            "place": HTMLText.escaped([line.district, line.park].compactMap { $0 }.joined(separator: " · ")),
            "status": line.status.label, "statusKey": line.status.rawValue,
            "changed": ConsoleFormat.time(line.updatedAt), "expiresSoon": line.expiresSoon,
            "cover": line.cover.map { "/media/\($0)-480.jpg" } ?? "", "hasCover": line.cover != nil,
        ]
    }
}
