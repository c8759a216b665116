import ParkDeskHTTP
import Foundation
import ParkDeskCore

/// One choice of a select or a group of check boxes, with its facet count when known.
struct Choice: Sendable, Hashable, TemplateFields {
    let value, label: String
    let selected: Bool
    let count: Int?
    /// Whether the count is known (the template shows it then).
    let counted: Bool

    init(value: String, label: String, selected: Bool, count: Int?) {
        (self.value, self.label, self.selected, self.count, counted) = (value, label, selected, count, count != nil)
    }

    var templateFields: [String: Any] {
        ["value": value, "label": label, "selected": selected, "count": count.templateValue, "counted": counted]
    }
}

/// The listing filters as the `/listings` form sends them: the same parameter names and meaning as
/// `GET /api/v1/listings`, read into Core's `ListingSearchInput` (so one query code path serves both).
struct SearchForm: Sendable {
    let fields: FormFields

    /// Features offered as check boxes (any other may still come in the URL).
    static let commonFeatures = ["独门独院", "可环评", "大车进出", "停车方便", "水电配套", "带办公楼", "可分租"]

    /// The parameters the form has (the API's others — status, radius, page size … — are not the public page's).
    static let parameters: [SearchParameter] = [
        .kind, .deal, .district, .park, .minBuildingArea, .maxBuildingArea, .minLandArea, .maxLandArea, .landAreaUnit,
        .minPrice, .maxPrice, .minCraneTons, .minClearHeight, .standalone, .singleStorey, .feature, .q, .sort, .cursor,
        .drop,
    ]

    /// The search input, read by Core's one reader of search parameters (a person's spelling: Chinese labels and
    /// check boxes), or every parameter that is not understood (a number that is not one, a kind, deal or order that
    /// does not exist), each with its Chinese message. A value given twice counts once (the first), a park that is
    /// not a number or a unit that is not 亩 are left out, and a check box is only ever "yes".
    func input() throws(ValidationFailed) -> ListingSearchInput {
        var errors: [FieldError] = []
        var reader = SearchParameterReader(spelling: .form)
        for parameter in Self.parameters {
            for value in fields.all(parameter.rawValue) {
                do {
                    try reader.read(parameter, value)
                } catch .notANumber where parameter != .park {
                    errors.append(FieldError(parameter.rawValue, "“\(value.prefix(20))”不是数字"))
                } catch .noSuchChoice where parameter != .landAreaUnit {
                    errors.append(FieldError(parameter.rawValue, "没有“\(value.prefix(20))”这一项"))
                } catch {
                    continue
                }
            }
        }
        var input = reader.input
        if input.standalone != true { input.standalone = nil }
        if input.singleStorey != true { input.singleStorey = nil }
        input.limit = 20
        input.facets = true
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return input
    }

    /// The filters by their Chinese names, for the messages on the results page.
    static let labels: [String: String] = [
        "kind": "类型", "deal": "租售", "district": "区县", "park": "园区", "minBuildingArea": "最小建筑面积",
        "maxBuildingArea": "最大建筑面积", "minLandArea": "最小土地面积", "maxLandArea": "最大土地面积",
        "minPrice": "最低价格", "maxPrice": "最高价格", "minCraneTons": "行车吨位", "minClearHeight": "净高",
        "feature": "配套", "q": "关键词", "sort": "排序", "cursor": "翻页",
    ]

    /// A problem with one filter as the results page says it: the filter's Chinese name and what is wrong (the
    /// search's own rules, which speak English, become a Chinese hint).
    static func problem(_ error: FieldError) -> String {
        let label = labels[error.field] ?? error.field
        let chinese = error.message.unicodeScalars.contains { $0.properties.isIdeographic }
        return label + "：" + (chinese ? error.message : hint(error.field))
    }

    static func hint(_ field: String) -> String {
        switch field {
        case "district": "没有这个区县，请从列表中选择"
        case "park": "没有这个园区"
        case "cursor": "翻页链接已失效，请从第一页重新查看"
        case "feature": "配套最多 10 项，每项最多 20 字"
        case "kind": "类型重复或过多"
        default: "请填写 0 以上的数字，最小值不大于最大值"
        }
    }

    /// Whether any filter is set (then the page is not for search engines, and the empty state suggests
    /// loosening them).
    var hasFilters: Bool { !fields.encoded(dropping: ["cursor", "sort"]).isEmpty }

    func kinds(_ facets: ListingFacets?) -> [Choice] {
        let chosen = Set(fields.all("kind").compactMap { ListingKind.parse($0) })
        return ListingKind.allCases.map {
            Choice(
                value: $0.rawValue, label: $0.label, selected: chosen.contains($0),
                count: Self.count(facets, facets?.kinds[$0]))
        }
    }

    func deals(_ facets: ListingFacets?) -> [Choice] {
        let chosen = fields["deal"].flatMap { DealType.parse($0) }
        return DealType.allCases.map {
            Choice(
                value: $0.rawValue, label: $0.label, selected: chosen == $0,
                count: Self.count(facets, facets?.deals[$0]))
        }
    }

    func districts(_ all: [District], _ facets: ListingFacets?) -> [Choice] {
        let chosen = Set(fields.all("district"))
        return all.map { district in
            Choice(
                value: district.key, label: district.name,
                selected: chosen.contains(district.key) || chosen.contains(district.name),
                count: Self.count(facets, facets?.districts[district.key]))
        }
    }

    /// A choice's count: 0 when none match; unknown when the listings were not all counted.
    static func count(_ facets: ListingFacets?, _ count: Int?) -> Int? {
        guard let facets, facets.beyond == nil else { return nil }
        return count ?? 0
    }

    var sorts: [Choice] {
        let chosen = fields["sort"].flatMap { ListingSort(rawValue: $0) } ?? .newest
        return ListingSort.allCases.filter { $0 != .distance }.map {
            Choice(value: $0.rawValue, label: $0.label, selected: chosen == $0, count: nil)
        }
    }

    var features: [Choice] {
        let chosen = Set(fields.all("feature"))
        return Self.commonFeatures.map { Choice(value: $0, label: $0, selected: chosen.contains($0), count: nil) }
    }

    /// A filter read from the search text, with the link that removes it — or, once removed, brings it back; the
    /// typed text stays as it is either way.
    struct Chip: Sendable, Hashable {
        let label, link: String
    }

    /// The chips of the readings applied, and of those removed.
    func chips(_ query: ListingQuery) -> (shown: [Chip], removed: [Chip]) {
        let kept = fields.pairs.filter { $0.name != "cursor" }
        func link(_ pairs: [(name: String, value: String)]) -> String {
            "/listings?" + FormFields(pairs: pairs).encoded()
        }
        return (
            query.reading.map { Chip(label: $0.label, link: link(kept + [("drop", $0.key)])) },
            query.droppedReading.map { filter in
                Chip(label: filter.label, link: link(kept.filter { $0 != ("drop", filter.key) }))
            }
        )
    }

    /// The link to the next page: these filters and the cursor.
    func nextPage(_ cursor: ListingCursor?) -> String? {
        guard let cursor else { return nil }
        let kept = fields.encoded(dropping: ["cursor"])
        return "/listings?" + (kept.isEmpty ? "" : kept + "&") + "cursor=" + cursor.token
    }
}
