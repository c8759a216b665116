public import Foundation

/// A listing search as a caller typed it (query parameters or CLI flags), before any checking.
public struct ListingSearchInput: Sendable, Equatable {
    public var kinds: [ListingKind] = []
    public var deal: DealType?
    /// District keys, Chinese names or aliases.
    public var districts: [String] = []
    public var park: Int?
    public var statuses: [ListingStatus] = []
    public var minBuildingArea: Double?
    public var maxBuildingArea: Double?
    public var minLandArea: Double?
    public var maxLandArea: Double?
    /// Unit of `minLandArea`/`maxLandArea`: m² (default) or 亩.
    public var landAreaInMu = false
    public var minPrice: Double?
    public var maxPrice: Double?
    public var minCraneTons: Double?
    public var minClearHeight: Double?
    public var minPowerKva: Int?
    public var standalone: Bool?
    public var singleStorey: Bool?
    public var features: [String] = []
    public var q: String?
    /// "lat,lng".
    public var near: String?
    public var radiusKm: Double?
    public var sort: ListingSort?
    public var cursor: String?
    public var limit: Int?
    public var facets = false
    /// Read `q` into filters (`TextParser.search`); false: its words are keywords only.
    public var interpret = true
    /// Keys of filters read from `q` not to apply (`SearchFilter.key`).
    public var drop: [String] = []

    public init() {}
}

/// A checked listing search: ranges ordered, units in m², keyword terms parsed, cursor decoded.
public struct ListingQuery: Sendable, Equatable {
    public var kinds: [ListingKind] = []
    public var deal: DealType?
    public var districts: [String] = []
    public var parkID: Int?
    /// Empty means every status the caller may see.
    public var statuses: [ListingStatus] = []
    public var buildingArea: Bounds?
    public var landArea: Bounds?
    /// On the comparable price: rent in 元/㎡/月, sale or transfer in 元 total (`priceBasis` nil); or, as a
    /// search's text says it, on the rent only or on the total only.
    public var price: Bounds?
    public var priceBasis: PriceBasis?
    /// At least this crane tonnage; 0: any crane.
    public var minCraneTons: Decimal?
    public var minClearHeight: Decimal?
    public var minPowerKva: Int?
    public var standalone: Bool?
    public var singleStorey: Bool?
    public var features: [String] = []
    public var keywords: SearchKeywords?
    /// From a search's text only: one listing by its reference (XT-2026-000123), farmland that allows these uses.
    public var ref: String?, allowedUses: [String] = []
    /// The filters read from the search's text (`interpreted(by:dropping:)`), as applied.
    public var reading: [SearchFilter] = []
    /// The filters read from the text that were dropped (`drop`), to offer them back.
    public var droppedReading: [SearchFilter] = []
    /// Whether the text was read (the keywords are what is left of it).
    public var isInterpreted = false
    public var near: GeoPoint?
    public var radiusKm: Double?
    public var sort: ListingSort = .newest
    public var cursor: ListingCursor?
    public var limit = 20
    public var facets = false
    /// Count the facets only when the matches fit on this page (else `ListingFacets.beyond` the page's size), unless
    /// the kept counts hold every filter: the results page, whose counts must not cost more than its search.
    public var facetsWithinPage = false

    public static let maxLimit = 100

    public init() {}

    /// The filters alone: what only shapes the answer (order, page, counts, the record of the text's reading) as a
    /// fresh query has it, so that what selects the same listings compares equal.
    public var filtersOnly: ListingQuery {
        var filters = self
        (filters.sort, filters.cursor, filters.limit) = (.newest, nil, ListingQuery().limit)
        (filters.facets, filters.facetsWithinPage) = (false, false)
        (filters.reading, filters.droppedReading, filters.isInterpreted) = ([], [], false)
        return filters
    }

    /// An inclusive range open at either end; at least one bound is set.
    public struct Bounds: Sendable, Equatable {
        public var lower: Decimal?
        public var upper: Decimal?

        public init(lower: Decimal? = nil, upper: Decimal? = nil) {
            (self.lower, self.upper) = (lower, upper)
        }
    }

    /// Which price a price range is on, when a search's text says it.
    public enum PriceBasis: Sendable, Equatable {
        /// Rent in 元/㎡/月: sale listings have none.
        case rent
        /// The total in 元: rent listings have none.
        case total
    }
}

extension ListingSearchInput {
    /// Checks every parameter and reports all wrong ones at once. The public may only ask for
    /// active and pending listings; staff (`publicOnly: false`) for any status.
    public func validated(publicOnly: Bool) throws(ValidationFailed) -> ListingQuery {
        var errors: [FieldError] = []
        var query = ListingQuery()
        query.kinds = kinds
        query.deal = deal
        query.parkID = park
        if let park, !(1...Int(Int32.max)).contains(park) {
            errors.append(FieldError("park", "must be a park id (1 or more)"))
        }
        if kinds.count > ListingKind.allCases.count {
            errors.append(FieldError("kind", "at most \(ListingKind.allCases.count) kinds"))
        }
        let statusLimit = publicOnly ? ListingStatus.publicStatuses.count : ListingStatus.allCases.count
        if statuses.count > statusLimit { errors.append(FieldError("status", "at most \(statusLimit) statuses")) }
        if districts.count > 20 { errors.append(FieldError("district", "at most 20 districts")) }
        query.districts = districts.map { $0.trimmingWhitespace() }
        if publicOnly, let hidden = statuses.first(where: { !ListingStatus.publicStatuses.contains($0) }) {
            errors.append(FieldError("status", "'\(hidden.rawValue)' is not public; use active or pending"))
        }
        query.statuses = statuses
        let landFactor = landAreaInMu ? Area.squareMetresPerMu : 1
        query.buildingArea = Self.range(minBuildingArea, maxBuildingArea, "minBuildingArea", "maxBuildingArea", &errors)
        query.landArea = Self.range(minLandArea, maxLandArea, "minLandArea", "maxLandArea", &errors, factor: landFactor)
        query.price = Self.range(minPrice, maxPrice, "minPrice", "maxPrice", &errors)
        query.minCraneTons = Self.minimum(minCraneTons, "minCraneTons", &errors)
        query.minClearHeight = Self.minimum(minClearHeight, "minClearHeight", &errors)
        if let minPowerKva, !(0...1_000_000_000).contains(minPowerKva) {
            errors.append(FieldError("minPowerKva", "must be from 0 to 1000000000"))
        }
        query.minPowerKva = minPowerKva
        query.standalone = standalone
        query.singleStorey = singleStorey
        if features.count > 10 { errors.append(FieldError("feature", "at most 10 features")) }
        query.features = features.map { $0.precomposedStringWithCanonicalMapping.trimmingWhitespace() }
        if query.features.contains(where: \.isEmpty) || features.contains(where: { $0.unicodeScalars.count > 20 }) {
            errors.append(FieldError("feature", "each feature must be 1 to 20 characters"))
        }
        do { query.keywords = try SearchKeywords.parse(q) } catch { errors += error.errors }
        if let near {
            if near.unicodeScalars.count <= 50, let point = GeoPoint.parse(near) {
                query.near = point
            } else {
                errors.append(
                    FieldError(
                        "near",
                        "must be 'latitude,longitude' in degrees, e.g. 27.83,112.91 (latitude −90…90, longitude "
                            + "−180…180)"
                    ))
            }
        }
        if let radiusKm {
            if !(radiusKm > 0 && radiusKm <= 500) {
                errors.append(FieldError("radiusKm", "must be more than 0 and at most 500"))
            }
            if near == nil { errors.append(FieldError("radiusKm", "needs near=latitude,longitude")) }
            // below a metre the radius means "here" (and a radius of 5e-324 km underflows in PostgreSQL's maths)
            query.radiusKm = max(radiusKm, 0.001)
        }
        query.sort = sort ?? .newest
        if query.sort == .distance && near == nil {
            errors.append(FieldError("sort", "distance needs near=latitude,longitude"))
        }
        if let cursor {
            do {
                let decoded = try ListingCursor(token: cursor)
                if decoded.sort == query.sort {
                    query.cursor = decoded
                } else {
                    errors.append(
                        FieldError("cursor", "belongs to sort '\(decoded.sort.rawValue)', not '\(query.sort.rawValue)'")
                    )
                }
            } catch { errors += error.errors }
        }
        if let limit {
            if (1...ListingQuery.maxLimit).contains(limit) {
                query.limit = limit
            } else {
                errors.append(FieldError("limit", "must be between 1 and \(ListingQuery.maxLimit)"))
            }
        }
        query.facets = facets
        if drop.count > 20 || drop.contains(where: { $0.isEmpty || $0.unicodeScalars.count > 40 }) {
            errors.append(FieldError("drop", "at most 20 filter keys of 1 to 40 characters"))
        }
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return query
    }

    /// The checked search with `q` read by `parser` unless `interpret` is off: the one way every door turns what a
    /// person asked into a query.
    public func query(publicOnly: Bool, parser: TextParser) throws(ValidationFailed) -> ListingQuery {
        let query = try validated(publicOnly: publicOnly)
        return interpret ? query.interpreted(by: parser, dropping: Set(drop)) : query
    }

    /// A range from optional bounds, both ≥ 0 and min ≤ max; `nil` when neither is given.
    static func range(
        _ low: Double?, _ high: Double?, _ lowName: String, _ highName: String,
        _ errors: inout [FieldError], factor: Decimal = 1
    ) -> ListingQuery.Bounds? {
        guard low != nil || high != nil else { return nil }
        let lower = minimum(low, lowName, &errors).map { $0 * factor }
        let upper = minimum(high, highName, &errors).map { $0 * factor }
        if let lower, let upper, lower > upper {
            errors.append(FieldError(lowName, "must not be more than \(highName)"))
            return nil
        }
        return ListingQuery.Bounds(lower: lower, upper: upper)
    }

    /// A lower bound: finite and not negative, kept exactly as written (via its shortest decimal text).
    static func minimum(_ value: Double?, _ name: String, _ errors: inout [FieldError]) -> Decimal? {
        guard let value else { return nil }
        guard value.isFinite, value >= 0, value <= 1e12, let exact = Decimal(string: "\(value)") else {
            errors.append(FieldError(name, "must be a number from 0 to 10¹²"))
            return nil
        }
        return exact
    }
}
