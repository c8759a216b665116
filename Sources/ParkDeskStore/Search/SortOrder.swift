public import ParkDeskCore
import PostgresNIO

/// The SQL of one sort: its key expression (matching an index of migration 0003), the key's type and
/// text form for cursors, and the direction. The id breaks ties, so the order is total and stable.
struct SortOrder {
    let sort: ListingSort
    let near: GeoPoint?

    init(_ query: ListingQuery) {
        self.init(sort: query.sort, near: query.near)
    }

    init(sort: ListingSort, near: GeoPoint?) {
        (self.sort, self.near) = (sort, near)
    }

    var descending: Bool {
        switch sort {
        case .newest, .priceDesc, .areaDesc: true
        case .priceAsc, .areaAsc, .distance: false
        }
    }

    var direction: SQL { descending ? "DESC" : "ASC" }

    var keyType: SQL {
        switch sort {
        case .newest: "timestamptz"
        case .priceAsc, .priceDesc, .areaAsc, .areaDesc: "numeric"
        case .distance: "float8"
        }
    }

    /// `ll_to_earth(lat, lng)` of the search's point; `nil` without a point.
    var origin: SQL? {
        near.map { "ll_to_earth(\($0.latitude)::float8, \($0.longitude)::float8)" }
    }

    /// The sort key over `listings l`, spelled as the index made for it in migration 0003. Distance
    /// orders by the straight-line distance through the earth (`<->`, which the GiST index answers
    /// nearest first); it ranks exactly as the distance along the surface does.
    var keyExpression: SQL {
        switch sort {
        case .newest: "l.created_at"
        case .priceAsc: "coalesce(l.price_monthly_per_m2, l.price_total_yuan, 'Infinity'::numeric)"
        case .priceDesc: "coalesce(l.price_monthly_per_m2, l.price_total_yuan, '-Infinity'::numeric)"
        case .areaAsc, .areaDesc: "coalesce(l.building_area_m2, l.land_area_m2)"
        case .distance: "(l.location <-> \(origin ?? "NULL"))"
        }
    }

    /// A sort key column as text for the next page's cursor (UTC with microseconds for timestamps).
    func keyText(of column: SQL) -> SQL {
        switch sort {
        case .newest: #"to_char(\#(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"#
        default: "\(column)::text"
        }
    }

    func orderAndLimit(_ limit: Int) -> SQL {
        " ORDER BY \(keyExpression) \(direction), l.id \(direction) LIMIT \(limit)"
    }

    /// The distance of `location` (a listing's) from the search's point in km, or NULL.
    func distanceKm(of location: SQL) -> SQL {
        origin.map { "earth_distance(\($0), \(location)) / 1000" } ?? "NULL::float8"
    }

    var hitsInOrder: SQL { "ORDER BY hits.sort_key \(direction), hits.id \(direction)" }
}

/// A result row of a search statement: a listing's id and sort key (what the next page's cursor needs).
protocol SearchRow {
    var id: Int64 { get }
    var sortKey: String { get }
    /// The columns of `listings` a statement's hits carry besides `id` and `sort_key`, so that `select` needs not
    /// read the listing again: a join of the hits with the listings, districts and parks took PostgreSQL longer to
    /// plan than to run (rent by price at 1,000,000 listings: 0.35 ms planning of 0.5 ms).
    static var carried: [StaticString] { get }
    /// The SELECT that makes these rows of the rows of `hits` (`id`, `sort_key` and `carried`), in sort order.
    static func select(_ order: SortOrder) -> SQL
    static func decode(_ row: PostgresRow) throws -> Self
    /// What the facets count of this listing: its kind, deal and district's id.
    var counted: (kind: ListingKind, deal: DealType, districtID: Int) { get }
}

extension SearchRow {
    /// `carried` over `listings l`, each with a leading comma.
    static var carriedColumns: SQL { SQL.join(carried.map { ", l.\(raw: $0)" }, separator: "") }
    /// `carried`'s names, each with a leading comma.
    static var carriedNames: SQL { SQL.join(carried.map { ", \(raw: $0)" }, separator: "") }
}

/// What every search row carries: the parts of its change token (`xmin` is the listing's row version) and its
/// location (for the distance).
private let tokenColumns: [StaticString] = ["xmin", "version", "updated_at", "district_id", "park_id", "location"]

/// The change token (`ListingRow.changeToken`) of a row of `hits` that carries `tokenColumns`, given its district's
/// and park's row versions.
private func hitsToken(district: SQL, park: SQL) -> SQL {
    ListingRow.changeToken(
        rowVersion: "hits.xmin", version: "hits.version", updatedAt: "hits.updated_at", district: district, park: park)
}

/// A result row: the summary, its change token, and what the next cursor needs.
public struct SummaryRow: SearchRow, Sendable {
    public let id: Int64
    let sortKey: String
    public let summary: ListingSummary
    /// See `ListingRow.changeToken`.
    public let token: String
    let districtID: Int

    var counted: (kind: ListingKind, deal: DealType, districtID: Int) { (summary.kind, summary.deal, districtID) }

    static let carried: [StaticString] =
        tokenColumns + [
            "ref", "title", "kind", "deal", "status", "town", "building_area_m2", "land_area_m2", "price_amount",
            "price_unit", "price_monthly_per_m2", "price_total_yuan", "crane_count", "crane_max_tons", "standalone",
            "single_storey", "features", "latitude", "longitude",
        ]

    static func select(_ order: SortOrder) -> SQL {
        """
        SELECT hits.id, hits.ref, hits.title, hits.kind::text AS kind, hits.deal::text AS deal,
        hits.status::text AS status, d.key AS district_key, d.name AS district, hits.town, hits.park_id,
        p.name AS park, hits.building_area_m2, hits.land_area_m2, hits.price_amount,
        hits.price_unit::text AS price_unit, hits.price_monthly_per_m2, hits.price_total_yuan,
        hits.crane_count::int AS crane_count, hits.crane_max_tons, hits.standalone, hits.single_storey, hits.features,
        -- a linked photo's url, or a stored photo's file (its web path is MediaSize.cover's)
        (SELECT coalesce(m.url, m.file_sha256) FROM listing_media m
          WHERE m.listing_id = hits.id AND m.kind = 'photo' ORDER BY m.position LIMIT 1) AS cover_photo,
        hits.latitude, hits.longitude, \(order.distanceKm(of: "hits.location")) AS distance_km, hits.updated_at,
        \(order.keyText(of: "hits.sort_key")) AS sort_key, \(hitsToken(district: "d.xmin", park: "p.xmin")) AS token,
        hits.district_id::int AS district_id
        FROM hits JOIN districts d ON d.id = hits.district_id LEFT JOIN parks p ON p.id = hits.park_id
        \(order.hitsInOrder)
        """
    }

    /// Reads the columns in `select`'s order (the arguments below are evaluated left to right).
    static func decode(_ row: PostgresRow) throws -> SummaryRow {
        let r = RowCursor(row, table: "listings")
        let id: Int64 = try r.value("id")
        let summary = ListingSummary(
            ref: try r.value("ref"), title: try r.value("title"), kind: try r.required("kind", ListingKind.self),
            deal: try r.required("deal", DealType.self), status: try r.required("status", ListingStatus.self),
            districtKey: try r.value("district_key"), districtName: try r.value("district"),
            town: try r.value("town"), parkID: try r.value("park_id"), parkName: try r.value("park"),
            buildingArea: try r.value("building_area_m2"), landArea: try r.value("land_area_m2"),
            priceAmount: try r.value("price_amount"), priceUnit: try r.required("price_unit", PriceUnit.self),
            priceMonthlyPerM2: try r.value("price_monthly_per_m2"), priceTotalYuan: try r.value("price_total_yuan"),
            craneCount: try r.value("crane_count"), craneTons: try r.value("crane_max_tons"),
            standalone: try r.value("standalone"), singleStorey: try r.value("single_storey"),
            features: try r.value("features"),
            coverPhotoURL: (try r.value("cover_photo") as String?).map(MediaSize.cover),
            latitude: try r.value("latitude"), longitude: try r.value("longitude"),
            distanceKm: try r.value("distance_km"), updatedAt: try r.value("updated_at"))
        return SummaryRow(
            id: id, sortKey: try r.value("sort_key"), summary: summary, token: try r.value("token"),
            districtID: try r.value("district_id"))
    }
}

/// One listing of a search page without its summary: its id, change token and distance from the search's point.
public struct ListingHit: SearchRow, Sendable, Equatable {
    public let id: Int64
    /// See `ListingRow.changeToken`.
    public let token: String
    public let distanceKm: Double?
    let sortKey: String
    let kind: ListingKind
    let deal: DealType
    let districtID: Int

    var counted: (kind: ListingKind, deal: DealType, districtID: Int) { (kind, deal, districtID) }

    static let carried = tokenColumns + ["kind", "deal"]

    /// What a hit reads after its token, distance and sort key: what its facets count.
    static let countedColumns: SQL =
        "hits.kind::text AS kind, hits.deal::text AS deal, hits.district_id::int AS district_id"

    /// The change token over `hits`, with the district's and park's row versions for the page's rows only.
    static let token = hitsToken(
        district: "(SELECT d.xmin FROM districts d WHERE d.id = hits.district_id)",
        park: "(SELECT p.xmin FROM parks p WHERE p.id = hits.park_id)")

    static func select(_ order: SortOrder) -> SQL {
        """
        SELECT hits.id, \(token) AS token, \(order.distanceKm(of: "hits.location")) AS distance_km,
        \(order.keyText(of: "hits.sort_key")) AS sort_key, \(countedColumns)
        FROM hits \(order.hitsInOrder)
        """
    }

    static func decode(_ row: PostgresRow) throws -> ListingHit {
        let r = RowCursor(row, table: "listings")
        return ListingHit(
            id: try r.value("id"), token: try r.value("token"), distanceKm: try r.value("distance_km"),
            sortKey: try r.value("sort_key"), kind: try r.required("kind", ListingKind.self),
            deal: try r.required("deal", DealType.self), districtID: try r.value("district_id"))
    }
}

/// A search page as `ListingHit`s.
public struct ListingHitPage: Sendable {
    public var hits: [ListingHit]
    public var nextCursor: ListingCursor?
    public var facets: ListingFacets?
}
