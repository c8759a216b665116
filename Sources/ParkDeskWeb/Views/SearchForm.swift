import Foundation
import ParkDeskCore

/// One choice of a select or a group of check boxes, with its facet count when known.
struct Choice: Sendable, TemplateFields {
    let value, label: String
    let selected: Bool
    let count: Int?

    var templateFields: [String: Any] {
        ["value": value, "label": label, "selected": selected, "count": count.templateValue]
    }
}

/// The listing filters as the `/listings` form sends them: the same parameter names and meaning as
/// `GET /api/v1/listings`, read into Core's `ListingSearchInput` (so one query code path serves both).
struct SearchForm: Sendable {
    let fields: FormFields

    /// Features offered as check boxes (any other may still come in the URL).
    static let commonFeatures = ["独门独院", "可环评", "大车进出", "停车方便", "水电配套", "带办公楼", "可分租"]

    /// The search input, or the words of every parameter that is not a number where one is needed.
    func input() throws(ValidationFailed) -> ListingSearchInput {
        var errors: [FieldError] = []
        func number(_ name: String) -> Double? {
            guard let text = fields[name] else { return nil }
            guard let value = Double(text), value.isFinite else {
                errors.append(FieldError(name, "不是数字：\(text.prefix(20))"))
                return nil
            }
            return value
        }
        var input = ListingSearchInput()
        input.kinds = fields.all("kind").compactMap { ListingKind.parse($0) }
        input.deal = fields["deal"].flatMap { DealType.parse($0) }
        input.districts = fields.all("district")
        input.park = fields["park"].flatMap { Int($0) }
        input.minBuildingArea = number("minBuildingArea")
        input.maxBuildingArea = number("maxBuildingArea")
        input.minLandArea = number("minLandArea")
        input.maxLandArea = number("maxLandArea")
        input.landAreaInMu = fields["landAreaUnit"] == "mu"
        input.minPrice = number("minPrice")
        input.maxPrice = number("maxPrice")
        input.minCraneTons = number("minCraneTons")
        input.minClearHeight = number("minClearHeight")
        input.standalone = fields.isOn("standalone") ? true : nil
        input.singleStorey = fields.isOn("singleStorey") ? true : nil
        input.features = fields.all("feature")
        input.q = fields["q"]
        input.sort = fields["sort"].flatMap { ListingSort(rawValue: $0) }
        input.cursor = fields["cursor"]
        input.limit = 20
        input.facets = true
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return input
    }

    /// Whether any filter is set (then the page is not for search engines, and the empty state suggests
    /// loosening them).
    var hasFilters: Bool { !fields.encoded(dropping: ["cursor", "sort"]).isEmpty }

    func kinds(_ facets: ListingFacets?) -> [Choice] {
        let chosen = Set(fields.all("kind").compactMap { ListingKind.parse($0) })
        return ListingKind.allCases.map {
            Choice(value: $0.rawValue, label: $0.label, selected: chosen.contains($0), count: facets?.kinds[$0] ?? 0)
        }
    }

    func deals(_ facets: ListingFacets?) -> [Choice] {
        let chosen = fields["deal"].flatMap { DealType.parse($0) }
        return DealType.allCases.map {
            Choice(value: $0.rawValue, label: $0.label, selected: chosen == $0, count: facets?.deals[$0] ?? 0)
        }
    }

    func districts(_ all: [District], _ facets: ListingFacets?) -> [Choice] {
        let chosen = Set(fields.all("district"))
        return all.map { district in
            Choice(
                value: district.key, label: district.name,
                selected: chosen.contains(district.key) || chosen.contains(district.name),
                count: facets?.districts[district.key] ?? 0)
        }
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

    /// The link to the next page: these filters and the cursor.
    func nextPage(_ cursor: ListingCursor?) -> String? {
        guard let cursor else { return nil }
        let kept = fields.encoded(dropping: ["cursor"])
        return "/listings?" + (kept.isEmpty ? "" : kept + "&") + "cursor=" + cursor.token
    }
}
