/// The listing search's parameters by their names in `GET /api/v1/listings` — the one reader of names and values for
/// every door: the API's query string, the website's form (the same names), and whatever comes next.
public enum SearchParameter: String, CaseIterable, Sendable {
    case kind, deal, district, park, status, minBuildingArea, maxBuildingArea, minLandArea, maxLandArea, landAreaUnit
    case minPrice, maxPrice, minCraneTons, minClearHeight, minPowerKva, standalone, singleStorey, feature, q, near
    case radiusKm, sort, cursor, limit, facets, interpret, drop

    /// Parameters that take several values (`kind=factory&kind=warehouse`); the others at most one.
    public var isList: Bool { [.kind, .district, .status, .feature, .drop].contains(self) }

    /// Why a value was not read.
    public enum Unreadable: Error, Sendable, Equatable {
        /// Not a number (of the parameter's kind: whole for `park`, `minPowerKva`, `limit`).
        case notANumber
        /// Not one of the parameter's choices.
        case noSuchChoice
        /// Not `true` or `false`.
        case notYesOrNo
        /// A second value for a parameter that takes one.
        case repeated
    }

    /// How values are spelled: the API's exact keys and `true`/`false`, or a person's form, which may also use the
    /// Chinese labels (`厂房`) and a check box's `on`.
    public enum Spelling: Sendable {
        case exact, form
    }
}

/// Reads a search's parameters one by one into `input`, each single-valued one at most once.
public struct SearchParameterReader: Sendable {
    public private(set) var input = ListingSearchInput()
    public let spelling: SearchParameter.Spelling
    private var seen: [SearchParameter] = []

    public init(spelling: SearchParameter.Spelling = .exact) {
        self.spelling = spelling
    }

    /// Reads `value` into `parameter`: a list gains it, a single parameter is set. Nothing changes when it cannot
    /// be read.
    public mutating func read(_ parameter: SearchParameter, _ value: String) throws(SearchParameter.Unreadable) {
        if !parameter.isList {
            guard !seen.contains(parameter) else { throw .repeated }
            seen.append(parameter)
        }
        do {
            try input.set(parameter, value, spelling: spelling)
        } catch {
            if !parameter.isList { seen.removeLast() }
            throw error
        }
    }
}

extension ListingSearchInput {
    /// Sets `parameter` from `value` (a list gains it).
    mutating func set(
        _ parameter: SearchParameter, _ value: String, spelling: SearchParameter.Spelling
    ) throws(SearchParameter.Unreadable) {
        func number() throws(SearchParameter.Unreadable) -> Double {
            // the API's reading is its contract's (NaN is read, then refused by validation); a person's is a number
            guard let number = Double(value), spelling == .exact || number.isFinite else { throw .notANumber }
            return number
        }
        func whole() throws(SearchParameter.Unreadable) -> Int {
            guard let number = Int(value) else { throw .notANumber }
            return number
        }
        func yesOrNo() throws(SearchParameter.Unreadable) -> Bool {
            switch (value, spelling) {
            case ("true", _), ("on", .form), ("1", .form), ("yes", .form): return true
            case ("false", _), ("0", .form), ("no", .form): return false
            default: throw .notYesOrNo
            }
        }
        func choice<T: LabeledEnum>(_ type: T.Type) throws(SearchParameter.Unreadable) -> T {
            guard let found = spelling == .exact ? T(rawValue: value) : T.parse(value) else { throw .noSuchChoice }
            return found
        }
        switch parameter {
        case .kind: kinds.append(try choice(ListingKind.self))
        case .deal: deal = try choice(DealType.self)
        case .district: districts.append(value)
        case .park: park = try whole()
        case .status: statuses.append(try choice(ListingStatus.self))
        case .minBuildingArea: minBuildingArea = try number()
        case .maxBuildingArea: maxBuildingArea = try number()
        case .minLandArea: minLandArea = try number()
        case .maxLandArea: maxLandArea = try number()
        case .landAreaUnit:
            guard value == "mu" || value == "m2" else { throw .noSuchChoice }
            landAreaInMu = value == "mu"
        case .minPrice: minPrice = try number()
        case .maxPrice: maxPrice = try number()
        case .minCraneTons: minCraneTons = try number()
        case .minClearHeight: minClearHeight = try number()
        case .minPowerKva: minPowerKva = try whole()
        case .standalone: standalone = try yesOrNo()
        case .singleStorey: singleStorey = try yesOrNo()
        case .feature: features.append(value)
        case .q: q = value
        case .near: near = value
        case .radiusKm: radiusKm = try number()
        case .sort:
            guard let order = ListingSort(rawValue: value) else { throw .noSuchChoice }
            sort = order
        case .cursor: cursor = value
        case .limit: limit = try whole()
        case .facets: facets = try yesOrNo()
        case .interpret: interpret = try yesOrNo()
        case .drop: drop.append(value)
        }
    }
}
