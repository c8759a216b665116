import ParkDeskCore
import PostgresNIO

/// The SQL of one sort: its key expression (matching an index of migration 0003), the key's type and
/// text form for cursors, and the direction. The id breaks ties, so the order is total and stable.
struct SortOrder {
    let sort: ListingSort
    let near: GeoPoint?

    init(_ query: ListingQuery) {
        sort = query.sort
        near = query.near
    }

    var descending: Bool {
        switch sort {
        case .newest, .priceDesc, .areaDesc: true
        case .priceAsc, .areaAsc, .distance: false
        }
    }

    var direction: String { descending ? "DESC" : "ASC" }

    var keyType: String {
        switch sort {
        case .newest: "timestamptz"
        case .priceAsc, .priceDesc, .areaAsc, .areaDesc: "numeric"
        case .distance: "float8"
        }
    }

    /// `ll_to_earth(lat, lng)` of the search's point, bound into `sql`; `nil` without a point.
    func origin(in sql: inout QueryBuilder) throws -> String? {
        guard let near else { return nil }
        return "ll_to_earth(\(try sql.bind(near.latitude))::float8, \(try sql.bind(near.longitude))::float8)"
    }

    /// The sort key over `listings l`, spelled as the index made for it in migration 0003. Distance
    /// orders by the straight-line distance through the earth (`<->`, which the GiST index answers
    /// nearest first); it ranks exactly as the distance along the surface does.
    func keyExpression(in sql: inout QueryBuilder) throws -> String {
        switch sort {
        case .newest: "l.created_at"
        case .priceAsc: "coalesce(l.price_monthly_per_m2, l.price_total_yuan, 'Infinity'::numeric)"
        case .priceDesc: "coalesce(l.price_monthly_per_m2, l.price_total_yuan, '-Infinity'::numeric)"
        case .areaAsc, .areaDesc: "coalesce(l.building_area_m2, l.land_area_m2)"
        case .distance: "(l.location <-> \(try origin(in: &sql) ?? "NULL"))"
        }
    }

    /// A sort key column as text for the next page's cursor (UTC with microseconds for timestamps).
    func keyText(of column: String) -> String {
        switch sort {
        case .newest: #"to_char(\#(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"#
        default: "\(column)::text"
        }
    }

    func appendOrderAndLimit(_ limit: Int, to sql: inout QueryBuilder) throws {
        sql.append(" ORDER BY \(try keyExpression(in: &sql)) \(direction), l.id \(direction) LIMIT \(try sql.bind(limit))")
    }

    /// Reads the result columns for the rows of `hits` (`id`, `sort_key`), in sort order.
    func appendSummary(of hits: String, to sql: inout QueryBuilder) throws {
        let distance = try origin(in: &sql).map { "earth_distance(\($0), l.location) / 1000" } ?? "NULL::float8"
        sql.append("""
            SELECT l.id, l.ref, l.title, l.kind::text AS kind, l.deal::text AS deal, l.status::text AS status,
            d.key AS district_key, d.name AS district, l.town, l.park_id, p.name AS park,
            l.building_area_m2, l.land_area_m2, l.price_amount, l.price_unit::text AS price_unit,
            l.price_monthly_per_m2, l.price_total_yuan, l.crane_count::int AS crane_count, l.crane_max_tons,
            l.standalone, l.single_storey, l.features,
            (SELECT m.url FROM listing_media m WHERE m.listing_id = l.id AND m.kind = 'photo'
              ORDER BY m.position LIMIT 1) AS cover_photo,
            l.latitude, l.longitude, \(distance) AS distance_km, l.updated_at,
            \(keyText(of: "\(hits).sort_key")) AS sort_key
            FROM \(hits) JOIN listings l ON l.id = \(hits).id JOIN districts d ON d.id = l.district_id
            LEFT JOIN parks p ON p.id = l.park_id
            ORDER BY \(hits).sort_key \(direction), l.id \(direction)
            """)
    }
}

/// A result row: the summary plus what the next cursor needs.
struct SummaryRow {
    let id: Int64
    let sortKey: String
    let summary: ListingSummary

    static func decode(_ row: PostgresRow) throws -> SummaryRow {
        let r = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
            try r[column].decode(T.self, context: .default)
        }
        func labeled<E: LabeledEnum>(_ column: String) throws -> E {
            guard let parsed = E(rawValue: try value(column, String.self)) else { throw ListingRow.Corrupt(column: column) }
            return parsed
        }
        let summary = ListingSummary(
            ref: try value("ref"), title: try value("title"), kind: try labeled("kind"), deal: try labeled("deal"),
            status: try labeled("status"), districtKey: try value("district_key"), districtName: try value("district"),
            town: try value("town"), parkID: try value("park_id"), parkName: try value("park"),
            buildingArea: try value("building_area_m2"), landArea: try value("land_area_m2"),
            priceAmount: try value("price_amount"), priceUnit: try labeled("price_unit"),
            priceMonthlyPerM2: try value("price_monthly_per_m2"), priceTotalYuan: try value("price_total_yuan"),
            craneCount: try value("crane_count"), craneTons: try value("crane_max_tons"),
            standalone: try value("standalone"), singleStorey: try value("single_storey"),
            features: try value("features"), coverPhotoURL: try value("cover_photo"),
            latitude: try value("latitude"), longitude: try value("longitude"),
            distanceKm: try value("distance_km"), updatedAt: try value("updated_at"))
        return SummaryRow(id: try value("id"), sortKey: try value("sort_key"), summary: summary)
    }
}
