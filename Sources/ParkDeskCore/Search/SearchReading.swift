public import Foundation

/// One thing the search box's text was read as ("20吨行车" → a crane of at least 20 t), with the words it came from.
public struct SearchFilter: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case kinds([ListingKind])
        case deal(DealType)
        /// A district, several, or every district of a city (湘潭).
        case districts([PlaceNames.DistrictName])
        case park(id: Int, name: String)
        /// In m².
        case buildingArea(ListingQuery.Bounds)
        /// In m² (亩 converted); `inMu` when the text wrote 亩, for the label.
        case landArea(ListingQuery.Bounds, inMu: Bool)
        /// In 元/㎡/月.
        case rent(ListingQuery.Bounds)
        /// In 元.
        case totalPrice(ListingQuery.Bounds)
        /// A crane of at least this many tons; 0 for any crane.
        case crane(minTons: Decimal)
        case clearHeight(min: Decimal)
        case feature(String)
        case standalone
        case singleStorey(Bool)
        /// Farmland allowing the use (养殖).
        case allowedUse(String)
        case ref(String)
    }

    public var value: Value
    /// The chip's text: "湘潭县", "行车 ≥ 20 吨".
    public var label: String
    public var words: [TextSpan]

    /// The filter's name in the API's `interpretation` and the website's `drop`: `kind`, `crane`, `feature:独门独院` …
    public var key: String { value.key }
}

extension SearchFilter.Value {
    /// See `SearchFilter.key`.
    public var key: String {
        switch self {
        case .kinds: "kind"
        case .deal: "deal"
        case .districts: "district"
        case .park: "park"
        case .buildingArea: "buildingArea"
        case .landArea: "landArea"
        case .rent, .totalPrice: "price"
        case .crane: "crane"
        case .clearHeight: "clearHeight"
        case .feature(let feature): "feature:" + feature
        case .standalone: "standalone"
        case .singleStorey: "singleStorey"
        case .allowedUse(let use): "allowedUse:" + use
        case .ref: "ref"
        }
    }
}

extension SearchFilter {
    /// The same filter as the search's parameters (`minCraneTons=20`), where it has them.
    public var parameters: [(name: String, value: String)] {
        func range(_ bounds: ListingQuery.Bounds, _ low: String, _ high: String) -> [(name: String, value: String)] {
            [bounds.lower.map { (low, "\($0)") }, bounds.upper.map { (high, "\($0)") }].compactMap { $0 }
        }
        return switch value {
        case .kinds(let kinds): kinds.map { ("kind", $0.rawValue) }
        case .deal(let deal): [("deal", deal.rawValue)]
        case .districts(let districts): districts.map { ("district", $0.key) }
        case .park(let id, _): [("park", "\(id)")]
        case .buildingArea(let bounds): range(bounds, "minBuildingArea", "maxBuildingArea")
        case .landArea(let bounds, _): range(bounds, "minLandArea", "maxLandArea")
        case .rent(let bounds), .totalPrice(let bounds): range(bounds, "minPrice", "maxPrice")
        case .crane(let tons): [("minCraneTons", "\(tons)")]
        case .clearHeight(let metres): [("minClearHeight", "\(metres)")]
        case .feature(let feature): [("feature", feature)]
        case .standalone: [("standalone", "true")]
        case .singleStorey(let single): [("singleStorey", "\(single)")]
        case .allowedUse, .ref: []
        }
    }
}

/// The search box's text as read: its filters and the words left to match the listings' text.
public struct SearchReading: Sendable, Equatable {
    public var filters: [SearchFilter]
    /// What is left of the text once the filters' words are taken out, as keyword terms.
    public var keywords: [String]
}

extension ListingQuery {
    /// The query with its keywords read by `parser` (`TextParser.search`): each filter the text names is applied
    /// unless a parameter already sets it or its key is in `dropping` (a chip the person removed), and only the
    /// words no applied filter took remain keywords. A text with no filter in it stays the same keyword search.
    public func interpreted(by parser: TextParser, dropping: Set<String> = []) -> ListingQuery {
        guard let keywords else { return self }
        var query = self
        query.isInterpreted = true
        let reading = parser.search(keywords.terms.joined(separator: " "))
        guard !reading.filters.isEmpty else { return query }
        for filter in reading.filters {
            if dropping.contains(filter.key) {
                query.droppedReading.append(filter)
            } else if query.apply(filter.value) {
                query.reading.append(filter)
            }
        }
        query.keywords = reading.keywords.isEmpty ? nil : SearchKeywords(terms: reading.keywords)
        return query
    }

    /// Sets the filter unless a parameter set it already; whether it was set.
    private mutating func apply(_ value: SearchFilter.Value) -> Bool {
        func fill<T>(_ field: inout T?, _ new: T) -> Bool {
            guard field == nil else { return false }
            field = new
            return true
        }
        switch value {
        case .kinds(let kinds):
            guard self.kinds.isEmpty else { return false }
            self.kinds = kinds
        case .deal(let deal): return fill(&self.deal, deal)
        case .districts(let districts):
            guard self.districts.isEmpty else { return false }
            self.districts = districts.map(\.key)
        case .park(let id, _): return fill(&parkID, id)
        case .buildingArea(let bounds): return fill(&buildingArea, bounds)
        case .landArea(let bounds, _): return fill(&landArea, bounds)
        case .rent(let bounds), .totalPrice(let bounds):
            guard price == nil else { return false }
            (price, priceBasis) = (bounds, { if case .rent = value { .rent } else { .total } }())
        case .crane(let tons): return fill(&minCraneTons, tons)
        case .clearHeight(let metres): return fill(&minClearHeight, metres)
        case .feature(let feature):
            if !features.contains(feature) { features.append(feature) }
        case .standalone: return fill(&standalone, true)
        case .singleStorey(let single): return fill(&singleStorey, single)
        case .allowedUse(let use): allowedUses.append(use)
        case .ref(let ref): return fill(&self.ref, ref)
        }
        return true
    }
}
