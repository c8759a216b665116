import Foundation
public import Logging
public import ParkDeskCore
public import PostgresNIO

/// The listing search behind the public results page and the admin list: one parameterised statement
/// for the page (two for a keyword, see `page(_:)`), one more for facets when asked.
public struct ListingSearch: Sendable {
    let client: PostgresClient
    let logger: Logger

    let districts: DistrictDirectory
    let keywordFrequencies = KeywordFrequencies()

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.districts = DistrictDirectory(places: PlaceStore(client: client, logger: logger))
    }

    /// How many of the first filtered rows in sort order the first keyword step looks through: more for a
    /// word in a fifth of all listings or more, where the gram index would return a fifth of the table (at
    /// 1,000,000 listings, 行车 within one district sorted by price: the 21st match is the ~4,000th row,
    /// past a 2,000-row window; the index step then read 21,000 rows, 135–300 ms).
    static func keywordWindow(frequency: Double) -> Int {
        frequency >= 0.2 ? 10_000 : 2_000
    }

    /// Runs the search. `publicOnly` limits it to what the public may see (active and pending).
    public func search(_ query: ListingQuery, publicOnly: Bool) async throws -> ListingPage {
        let order = SortOrder(query)
        let districtIDs = try await districts.ids(for: query.districts)
        var rows = try await page(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly)
        var next: ListingCursor?
        if rows.count > query.limit {
            rows.removeLast(rows.count - query.limit)
            if let last = rows.last { next = ListingCursor(sort: query.sort, key: last.sortKey, id: last.id) }
        }
        let facets = query.facets ? try await facets(query, districtIDs: districtIDs, publicOnly: publicOnly) : nil
        return ListingPage(items: rows.map(\.summary), nextCursor: next, facets: facets)
    }

    /// A page plus one row (to know whether another page follows). Each statement first finds the page's
    /// ids and sort keys (a narrow scan), then reads the result columns for just those rows.
    /// With keywords, first look among the `keywordWindow` first rows in sort order that pass the other
    /// filters (fast when the word is common); only when that finds too few, use the character-gram index
    /// (fast when the word is rare). See shared/notes/chinese-search.md.
    func page(_ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool) async throws -> [SummaryRow] {
        let wanted = query.limit + 1
        if query.sort == .distance && query.keywords == nil,
           let nearest = try await nearestFirst(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly) {
            return nearest
        }
        guard let keywords = query.keywords else {
            var sql = QueryBuilder()
            sql.append("WITH hits AS MATERIALIZED (SELECT l.id, \(try order.keyExpression(in: &sql)) AS sort_key FROM listings l WHERE ")
            try appendFilters(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, keyset: true, to: &sql)
            try order.appendOrderAndLimit(wanted, to: &sql)
            sql.append(") ")
            try order.appendSummary(of: "hits", to: &sql)
            return try await run(sql)
        }
        let frequency = try await keywordFrequencies.frequency(of: keywords.gramText, client: client, logger: logger)
        // The window is read in sort order and stops at the page's last match (not materialised).
        var recent = QueryBuilder()
        recent.append("WITH hits AS MATERIALIZED (SELECT id, sort_key FROM (SELECT l.id, \(try order.keyExpression(in: &recent)) AS sort_key, ")
        recent.append("l.title || ' ' || l.description || ' ' || l.address AS text FROM listings l WHERE ")
        try appendFilters(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, keyset: true, to: &recent)
        try order.appendOrderAndLimit(Self.keywordWindow(frequency: frequency), to: &recent)
        recent.append(") recent WHERE ")
        try appendKeywordCheck(query, text: "text", to: &recent)
        recent.append(" ORDER BY sort_key \(order.direction), id \(order.direction) LIMIT \(try recent.bind(wanted))) ")
        try order.appendSummary(of: "hits", to: &recent)
        let found = try await run(recent)
        if found.count == wanted { return found }

        var indexed = QueryBuilder()
        indexed.append("WITH hits AS MATERIALIZED (SELECT l.id, \(try order.keyExpression(in: &indexed)) AS sort_key FROM listings l WHERE ")
        try appendFilters(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, keyset: true, to: &indexed)
        try appendKeywordIndex(query, to: &indexed)
        indexed.append(" AND ")
        try appendKeywordCheck(query, to: &indexed)
        try order.appendOrderAndLimit(wanted, to: &indexed)
        indexed.append(") ")
        try order.appendSummary(of: "hits", to: &indexed)
        return try await run(indexed)
    }

    /// How many rows past the page the nearest-first scan reads, to see whole groups of equal distance.
    static let distanceSlack = 50

    /// "Sort by distance" read nearest first from the GiST index (ordering by distance alone, which is
    /// what the index can do), then put in exact (distance, id) order. Rows at the last distance read may
    /// be incomplete (listings at identical coordinates); when the page would need them, `nil` asks the
    /// caller for the plain query, which is exact but reads every row in range.
    func nearestFirst(_ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool) async throws -> [SummaryRow]? {
        let wanted = query.limit + 1
        let scanned = wanted + Self.distanceSlack
        var sql = QueryBuilder()
        sql.append("WITH nearest AS MATERIALIZED (")
        try appendNearest(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, to: &sql)
        sql.append("), hits AS MATERIALIZED (SELECT id, sort_key FROM nearest WHERE ")
        if let cursor = query.cursor {
            sql.append("(sort_key, id) > (\(try sql.bind(cursor.key))::float8, \(try sql.bind(cursor.id)))")
        } else {
            sql.append("true")
        }
        sql.append(" AND (sort_key < (SELECT max(sort_key) FROM nearest) OR (SELECT count(*) FROM nearest) < \(try sql.bind(scanned)))")
        sql.append(" ORDER BY sort_key, id LIMIT \(try sql.bind(wanted))) ")
        try order.appendSummary(of: "hits", to: &sql)
        var count = QueryBuilder()
        count.append("SELECT count(*)::int FROM (")
        try appendNearest(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, to: &count)
        count.append(") n")
        let (rows, complete) = try await client.withTransaction(logger: logger) { tx in
            // The planner underestimates the rows in a map box (cube statistics are coarse) and would
            // rather collect and sort all of them than read the index nearest first: measured 47 ms vs 1 ms.
            try await tx.query("SET LOCAL enable_bitmapscan = off", logger: logger)
            let rows = try await run(sql, on: tx)
            guard rows.count < wanted else { return (rows, true) }
            // Less than a page: the end of the results, or the page reaches into an incomplete group.
            for try await read in try await tx.query(count.query, logger: logger).decode(Int.self) where read >= scanned {
                return (rows, false)
            }
            return (rows, true)
        }
        return complete ? rows : nil
    }

    /// Ids and distances, nearest first, from the cursor's distance on, `limit + 1 + distanceSlack` of them.
    func appendNearest(_ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool,
                       to sql: inout QueryBuilder) throws {
        let key = try order.keyExpression(in: &sql)
        sql.append("SELECT l.id, \(key) AS sort_key FROM listings l WHERE ")
        try appendFilters(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, keyset: false, to: &sql)
        if let cursor = query.cursor { sql.append(" AND \(key) >= \(try sql.bind(cursor.key))::float8") }
        sql.append(" ORDER BY \(key) LIMIT \(try sql.bind(query.limit + 1 + Self.distanceSlack))")
    }

    /// Counts by kind, district and deal for the same filters (without the page cursor).
    func facets(_ query: ListingQuery, districtIDs: [Int], publicOnly: Bool) async throws -> ListingFacets {
        let order = SortOrder(query)
        var sql = QueryBuilder()
        sql.append("""
            SELECT l.kind::text, d.key, min(d.name), l.deal::text, count(*)::int
            FROM listings l JOIN districts d ON d.id = l.district_id WHERE 
            """)
        try appendFilters(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, keyset: false, to: &sql)
        if query.keywords != nil {
            try appendKeywordIndex(query, to: &sql)
            sql.append(" AND ")
            try appendKeywordCheck(query, to: &sql)
        }
        sql.append(" GROUP BY GROUPING SETS ((l.kind), (d.key), (l.deal))")
        var facets = ListingFacets()
        let rows = try await client.query(sql.query, logger: logger)
        for try await (kind, district, name, deal, count) in rows.decode((String?, String?, String?, String?, Int).self) {
            if let kind = kind.flatMap(ListingKind.init(rawValue:)) { facets.kinds[kind] = count }
            if let district {
                facets.districts[district] = count
                facets.districtNames[district] = name
            }
            if let deal = deal.flatMap(DealType.init(rawValue:)) { facets.deals[deal] = count }
        }
        return facets
    }

    /// The WHERE conditions of every filter that is set, joined with AND (always at least one).
    func appendFilters(_ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool, keyset: Bool,
                       to sql: inout QueryBuilder) throws {
        // Literal so that the planner can use the partial indexes made for public searches.
        sql.append(publicOnly ? "l.status IN ('active', 'pending')" : "true")
        if !query.statuses.isEmpty {
            sql.append(" AND l.status = ANY(\(try sql.bind(query.statuses.map(\.rawValue)))::text[]::listing_status[])")
        }
        if !query.kinds.isEmpty {
            sql.append(" AND l.kind = ANY(\(try sql.bind(query.kinds.map(\.rawValue)))::text[]::listing_kind[])")
        }
        if let deal = query.deal {
            sql.append(" AND l.deal = \(try sql.bind(deal.rawValue))::deal_type")
        }
        if districtIDs.count == 1 {
            // Equality, not `= ANY`: a btree returns rows in order only for it (the district + price indexes).
            sql.append(" AND l.district_id = \(try sql.bind(districtIDs[0]))::int")
        } else if !districtIDs.isEmpty {
            sql.append(" AND l.district_id = ANY(\(try sql.bind(districtIDs))::int[])")
        }
        if let park = query.parkID { sql.append(" AND l.park_id = \(try sql.bind(park))::int") }
        try appendBounds(query.buildingArea, "l.building_area_m2", to: &sql)
        try appendBounds(query.landArea, "l.land_area_m2", to: &sql)
        try appendBounds(query.price, "coalesce(l.price_monthly_per_m2, l.price_total_yuan)", to: &sql)
        if let tons = query.minCraneTons { sql.append(" AND l.crane_max_tons >= \(try sql.bind(tons))") }
        if let height = query.minClearHeight { sql.append(" AND l.clear_height_m >= \(try sql.bind(height))") }
        if let kva = query.minPowerKva { sql.append(" AND l.power_kva >= \(try sql.bind(kva))::int") }
        if let standalone = query.standalone { sql.append(" AND l.standalone = \(try sql.bind(standalone))") }
        if let single = query.singleStorey { sql.append(" AND l.single_storey = \(try sql.bind(single))") }
        if !query.features.isEmpty { sql.append(" AND l.features @> \(try sql.bind(query.features))::text[]") }
        if let radius = query.radiusKm, let point = try order.origin(in: &sql) {
            let metres = try sql.bind(radius * 1000)
            sql.append("""
                 AND l.location IS NOT NULL AND earth_box(\(point), \(metres)) @> l.location
                 AND earth_distance(\(point), l.location) <= \(metres)
                """)
        } else if query.sort == .distance {
            sql.append(" AND l.location IS NOT NULL")
        }
        if keyset, let cursor = query.cursor {
            let key = try sql.bind(cursor.key)
            let id = try sql.bind(cursor.id)
            sql.append(" AND (\(try order.keyExpression(in: &sql)), l.id) \(order.descending ? "<" : ">") (\(key)::\(order.keyType), \(id))")
        }
    }

    func appendBounds(_ bounds: ListingQuery.Bounds?, _ column: String, to sql: inout QueryBuilder) throws {
        if let lower = bounds?.lower { sql.append(" AND \(column) >= \(try sql.bind(lower))") }
        if let upper = bounds?.upper { sql.append(" AND \(column) <= \(try sql.bind(upper))") }
    }

    /// Every keyword's characters and character pairs are in the listing (GIN index on `search_grams`).
    func appendKeywordIndex(_ query: ListingQuery, to sql: inout QueryBuilder) throws {
        guard let keywords = query.keywords else { return }
        // The same expression as the index `listings_search_grams` (migration 0003), so that it is used.
        sql.append(" AND text_grams(l.title || ' ' || l.description || ' ' || l.address) @> query_grams(\(try sql.bind(keywords.gramText)))")
    }

    /// Every keyword occurs, literally and ignoring case, in the title, description or address.
    func appendKeywordCheck(_ query: ListingQuery, text: String = "(l.title || ' ' || l.description || ' ' || l.address)",
                            to sql: inout QueryBuilder) throws {
        guard let keywords = query.keywords else { sql.append("true"); return }
        // ILIKE folds case on every row (measured 2.5× slower than LIKE); Chinese has no case.
        var checks: [String] = []
        if !keywords.caselessPatterns.isEmpty {
            checks.append("\(text) LIKE ALL(\(try sql.bind(keywords.caselessPatterns))::text[])")
        }
        if !keywords.casedPatterns.isEmpty {
            checks.append("\(text) ILIKE ALL(\(try sql.bind(keywords.casedPatterns))::text[])")
        }
        sql.append(checks.joined(separator: " AND "))
    }

    func run(_ sql: QueryBuilder, on connection: PostgresConnection? = nil) async throws -> [SummaryRow] {
        let rows = if let connection {
            try await connection.query(sql.query, logger: logger)
        } else {
            try await client.query(sql.query, logger: logger)
        }
        var result: [SummaryRow] = []
        for try await row in rows { result.append(try SummaryRow.decode(row)) }
        return result
    }
}
