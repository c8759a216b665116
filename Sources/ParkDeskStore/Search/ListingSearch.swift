import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// The listing search behind the public results page and the admin list: one parameterised statement
/// for the page (two for a keyword, see `page(_:)`), one more for facets when asked.
public struct ListingSearch: Sendable {
    let client: PostgresClient
    let logger: Logger

    let places: PlaceStore
    /// From this many listings in the searched district on (as the statistics count them), the window of a search
    /// by price reads the gram signature (`windowStep`).
    static let signatureFromRows = 10_000.0

    /// How many of the first filtered rows in sort order the first keyword step looks through: more for a
    /// word in a fifth of all listings or more, where the gram index would return a fifth of the table (at
    /// 1,000,000 listings, 行车 within one district sorted by price: the 21st match is the ~4,000th row,
    /// past a 2,000-row window; the index step then read 21,000 rows, 135–300 ms) — but never more than an
    /// eighth of the rows the district filter leaves: a window near their number makes PostgreSQL read and sort
    /// every one instead of reading the index in order and stopping at the page's last match (q=厂房 at 10,000
    /// listings: 10,000 rows sorted, 8 ms, against 0.05 ms with the index; 行车 in one district by price at
    /// 100,000: 4,469 rows sorted, 13 ms).
    static func keywordWindow(frequency: Double, tableRows: Double) -> Int {
        min(frequency >= 0.2 ? 10_000 : 2_000, max(100, Int(tableRows / 8)))
    }

    /// Runs the search. `publicOnly` limits it to what the public may see (active and pending).
    public func search(_ query: ListingQuery, publicOnly: Bool) async throws -> ListingPage {
        let (rows, next, facets) = try await page(query, publicOnly: publicOnly, reading: SummaryRow.self)
        return ListingPage(items: rows.map(\.summary), nextCursor: next, facets: facets)
    }

    /// The same search as `search`, answered with each listing's id and change token instead of its summary,
    /// for a caller that keeps summaries it has already made (`SummaryFragments` of the API).
    public func hits(_ query: ListingQuery, publicOnly: Bool) async throws -> ListingHitPage {
        let (hits, next, facets) = try await page(query, publicOnly: publicOnly, reading: ListingHit.self)
        return ListingHitPage(hits: hits, nextCursor: next, facets: facets)
    }

    /// The summaries and change tokens of the listings `ids` (without a distance), by id; with `publicOnly`, only
    /// those the public may see now.
    public func summaries(ids: [Int64], publicOnly: Bool) async throws -> [Int64: SummaryRow] {
        let order = SortOrder(sort: .newest, near: nil)
        let visible: SQL = publicOnly ? "l.status IN ('active', 'pending')" : "true"
        let listed: SQL = "SELECT \(hitColumns(order, SummaryRow.self)) FROM listings l WHERE l.id = ANY(\(ids))"
        let found: [SummaryRow] = try await rows(of: "\(listed) AND \(visible)", order)
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// One page of `Row`s, the cursor of the next page and (when asked) the facets.
    func page<Row: SearchRow>(
        _ query: ListingQuery, publicOnly: Bool, reading: Row.Type
    ) async throws -> ([Row], ListingCursor?, ListingFacets?) {
        let order = SortOrder(query)
        let districtIDs = try await places.districtIDs(named: query.districts)
        let kept = publicOnly && Self.keptCountsCover(query)
        let withinPage = query.facets && query.facetsWithinPage && !kept
        // the counts on a connection of their own, while the page is read
        async let counted =
            query.facets && !withinPage ? facets(query, districtIDs: districtIDs, publicOnly: publicOnly) : nil
        var rows: [Row] = try await page(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly)
        var next: ListingCursor?
        let more = rows.count > query.limit
        if more {
            rows.removeLast(rows.count - query.limit)
            if let last = rows.last { next = ListingCursor(sort: query.sort, key: last.sortKey, id: last.id) }
        }
        guard withinPage else { return (rows, next, try await counted) }
        // every match is on this page: its rows are the count
        return (
            rows, next,
            more
                ? ListingFacets(beyond: query.limit)
                : try await facets(of: rows.map { ($0.counted.kind, $0.counted.deal, $0.counted.districtID, 1) })
        )
    }

    /// A page plus one row (to know whether another page follows). Each statement first finds the page's
    /// ids and sort keys (a narrow scan), then reads the result columns for just those rows.
    /// With keywords, first look among the `keywordWindow` first candidates in sort order (`windowStep`: rows that
    /// pass the other filters, fast when the word is common); only when that finds too few, use the character-gram
    /// index (fast when the word is rare). README's "Search internals" has the measurements.
    func page<Row: SearchRow>(
        _ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool
    ) async throws -> [Row] {
        let wanted = query.limit + 1
        if query.sort == .distance && query.keywords == nil,
            let nearest: [Row] = try await nearestFirst(
                query, districtIDs: districtIDs, order: order, publicOnly: publicOnly)
        {
            return nearest
        }
        let filters = filters(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, keyset: true)
        guard let keywords = query.keywords else {
            return try await rows(
                of: """
                    SELECT \(hitColumns(order, Row.self)) FROM listings l
                    WHERE \(filters)\(order.orderAndLimit(wanted))
                    """, order)
        }
        let reading = try await places.caches.keywordReadings.value(for: keywords.gramText) {
            try await KeywordFrequencies.reading(of: keywords.gramText, client: client, logger: logger)
        }
        let filteredRows = reading.rows(inDistricts: districtIDs)
        let window = Self.keywordWindow(frequency: reading.frequency, tableRows: filteredRows)
        // The signature saves row visits but costs a join to plan (~0.5 ms): it pays in large districts only (行车 by
        // price at 1,000,000 listings, 45,000 in the district: 3,580 rows read, 7 ms → 1 ms; at 100,000, 4,500 in the
        // district: 379 rows read in 0.9 ms, and the request 0.4–0.6 ms slower with the signature).
        let signed =
            filteredRows >= Self.signatureFromRows
            && Self.filtersReadFromTheSignatureIndex(query, districtIDs: districtIDs, publicOnly: publicOnly)
        let (windowMatches, candidates) = windowStep(
            keywords, filters: filters, order: order, window: window, wanted: wanted, signed: signed, reading: Row.self)
        let indexMatches: SQL = """
            SELECT \(hitColumns(order, Row.self)) FROM listings l
            WHERE \(filters) AND \(keywordIndex(keywords)) AND \(keywordCheck(keywords))\(order.orderAndLimit(wanted))
            """
        // So few rows pass the district filter that reading all of them costs less than a second step (the window,
        // the count and the index step in turn made 1,000 listings slower than 10,000): one exact statement, with the
        // gram index, or without it for the fewest rows, where checking the word in each costs less than planning the
        // index (行车 in a district of 41 listings: 0.8 ms of planning for 0.3 ms of execution; p50 2.4 → 2.05 ms; in
        // one of 486, 养猪 is 0.5 ms faster with the index) — unless the word is so common that the first rows in sort
        // order hold the page twice over (行车 in a district of 486 listings by price: 195 matches read and sorted,
        // 1.5 ms, against 47 rows in order).
        if filteredRows <= Self.fewRows && reading.frequency * filteredRows < Double(2 * wanted) {
            if filteredRows > Self.fewestRows { return try await rows(of: indexMatches, order) }
            return try await rows(
                of: """
                    SELECT \(hitColumns(order, Row.self)) FROM listings l
                    WHERE \(filters) AND \(keywordCheck(keywords))\(order.orderAndLimit(wanted))
                    """, order)
        }
        let found: [Row] = try await rows(of: windowMatches, order)
        if found.count == wanted { return found }
        // When the filters are likely to leave fewer rows than the window, the window may have held all candidates:
        // then the first step's answer is complete, and the gram-index step would only find the same rows again.
        if filteredRows < Double(window) {
            let remaining = try await client.read(
                "SELECT count(*)::int FROM (SELECT 1 FROM listings l WHERE \(candidates) LIMIT \(window)) w",
                logger: logger)
            for try await count in remaining.decode(Int.self) where count < window { return found }
        }
        return try await rows(of: indexMatches, order)
    }

    /// The keyword search's first step: the page's matches among the first `window` candidates in sort order, read in
    /// sort order and stopping at the page's last match (not materialised); and the candidates' condition. Candidates
    /// are the rows passing `filters` and, when they are `signed` (`filtersReadFromTheSignatureIndex`), whose gram
    /// signature holds the keywords': those are found from the district/price index alone, and only they are read.
    func windowStep<Row: SearchRow>(
        _ keywords: SearchKeywords, filters: SQL, order: SortOrder, window: Int, wanted: Int, signed: Bool,
        reading: Row.Type
    ) -> (matches: SQL, candidates: SQL) {
        let text: SQL = "l.title || ' ' || l.description || ' ' || l.address AS text"
        let candidates: SQL = signed ? "\(filters) AND \(signatureCheck(keywords))" : filters
        let windowRows: SQL =
            signed
            ? """
            SELECT c.id, c.sort_key\(Row.carriedColumns), \(text)
            FROM (SELECT l.id, \(order.keyExpression) AS sort_key FROM listings l
                  WHERE \(candidates)\(order.orderAndLimit(window))) c
            JOIN listings l ON l.id = c.id
            """
            : """
            SELECT \(hitColumns(order, Row.self)), \(text)
            FROM listings l WHERE \(filters)\(order.orderAndLimit(window))
            """
        let matches: SQL = """
            SELECT id, sort_key\(Row.carriedNames) FROM (\(windowRows)) recent
            WHERE \(keywordCheck(keywords, text: "text"))
            ORDER BY sort_key \(order.direction), id \(order.direction) LIMIT \(wanted)
            """
        return (matches, candidates)
    }

    /// Whether every filter of a search can be read from a district/price index (sql/0014), which holds the gram
    /// signature: a public search in one district, by price, with at most a price range besides the keywords.
    static func filtersReadFromTheSignatureIndex(_ query: ListingQuery, districtIDs: [Int], publicOnly: Bool) -> Bool {
        guard publicOnly, districtIDs.count == 1, query.sort == .priceAsc || query.sort == .priceDesc else {
            return false
        }
        // what remains once the filters that index holds, and what only shapes the answer, are taken away
        var others = query.filtersOnly
        (others.districts, others.price, others.keywords, others.near) = ([], nil, nil, nil)
        return others == ListingQuery()
    }

    /// Below this many listings in the searched districts, a keyword search reads them all in one statement;
    /// below `fewestRows`, without the gram index.
    static let fewRows = 500.0
    static let fewestRows = 150.0

    /// How many rows past the page the nearest-first scan reads, to see whole groups of equal distance.
    static let distanceSlack = 50

    /// "Sort by distance" read nearest first from the GiST index (ordering by distance alone, which is
    /// what the index can do), then put in exact (distance, id) order. Rows at the last distance read may
    /// be incomplete (listings at identical coordinates); when the page would need them, `nil` asks the
    /// caller for the plain query, which is exact but reads every row in range.
    func nearestFirst<Row: SearchRow>(
        _ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool
    ) async throws -> [Row]? {
        let wanted = query.limit + 1
        let scanned = wanted + Self.distanceSlack
        let nearest = nearest(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, carrying: Row.self)
        let after: SQL = query.cursor.map { "(sort_key, id) > (\($0.key)::float8, \($0.id))" } ?? "true"
        let page: SQL = """
            WITH nearest AS MATERIALIZED (\(nearest)),
            hits AS MATERIALIZED (
                SELECT id, sort_key\(Row.carriedNames) FROM nearest
                WHERE \(after)
                  AND (sort_key < (SELECT max(sort_key) FROM nearest) OR (SELECT count(*) FROM nearest) < \(scanned))
                ORDER BY sort_key, id LIMIT \(wanted))
            \(Row.select(order))
            """
        let count: SQL = "SELECT count(*)::int FROM (\(nearest)) n"
        let (rows, complete) = try await client.withTransaction(logger: logger) { tx in
            // The planner underestimates the rows in a map box (cube statistics are coarse) and would
            // rather collect and sort all of them than read the index nearest first: measured 47 ms vs 1 ms.
            try await tx.run("SET LOCAL enable_bitmapscan = off", logger: logger)
            let rows: [Row] = try await run(page, on: tx)
            guard rows.count < wanted else { return (rows, true) }
            // Less than a page: the end of the results, or the page reaches into an incomplete group.
            for try await read in try await tx.run(count, logger: logger).decode(Int.self) where read >= scanned {
                return (rows, false)
            }
            return (rows, true)
        }
        return complete ? rows : nil
    }

    /// Ids and distances (and what `Row` carries), nearest first, from the cursor's distance on,
    /// `limit + 1 + distanceSlack` of them.
    func nearest<Row: SearchRow>(
        _ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool, carrying: Row.Type
    ) -> SQL {
        let key = order.keyExpression
        let from: SQL = query.cursor.map { " AND \(key) >= \($0.key)::float8" } ?? ""
        return """
            SELECT \(hitColumns(order, Row.self)) FROM listings l
            WHERE \(filters(query, districtIDs: districtIDs, order: order, publicOnly: publicOnly, keyset:
                false))\(from)
            ORDER BY \(key) LIMIT \(query.limit + 1 + Self.distanceSlack)
            """
    }

    /// Counts by kind, district and deal for the same filters (without the page cursor): from the kept counts
    /// (sql/0020) when every filter is one of theirs — summed in memory from counts at most a second old for the
    /// results page (`facetsWithinPage`), by a statement for the API — else counted.
    func facets(_ query: ListingQuery, districtIDs: [Int], publicOnly: Bool) async throws -> ListingFacets {
        if publicOnly, Self.keptCountsCover(query) {
            return try await query.facetsWithinPage
                ? keptFacets(query, districtIDs: districtIDs)
                : facets(of: keptCounts(query, districtIDs: districtIDs))
        }
        var conditions = filters(
            query, districtIDs: districtIDs, order: SortOrder(query), publicOnly: publicOnly,
            keyset: false)
        if let keywords = query.keywords {
            conditions += " AND \(keywordIndex(keywords)) AND \(keywordCheck(keywords))"
        }
        return try await facets(
            of: """
                SELECT l.kind::text, d.key, min(d.name), l.deal::text, count(*)::int
                FROM listings l JOIN districts d ON d.id = l.district_id
                WHERE \(conditions)
                GROUP BY GROUPING SETS ((l.kind), (d.key), (l.deal))
                """)
    }

    /// The facets of these counts of listings (a page's rows, one each; or the kept counts), summed here.
    func facets(
        of counted: [(kind: ListingKind, deal: DealType, districtID: Int, listings: Int)]
    ) async throws -> ListingFacets {
        let districts = Dictionary(
            try await places.districts().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var facets = ListingFacets()
        for (kind, deal, districtID, listings) in counted where listings > 0 {
            guard let district = districts[districtID] else { continue }
            facets.kinds[kind, default: 0] += listings
            facets.deals[deal, default: 0] += listings
            facets.districts[district.key, default: 0] += listings
            facets.districtNames[district.key] = district.name
        }
        return facets
    }

    /// Whether the kept counts answer the search's facets: a public search with no filter but kinds, deal,
    /// districts, park and statuses (what only shapes the page aside).
    static func keptCountsCover(_ query: ListingQuery) -> Bool {
        var others = query.filtersOnly
        (others.kinds, others.deal, others.districts, others.parkID, others.statuses) = ([], nil, [], nil, [])
        return others == ListingQuery()
    }

    /// The kept counts' statement for the search's filters.
    func keptCounts(_ query: ListingQuery, districtIDs: [Int]) -> SQL {
        var conditions: [SQL] = ["c.listings > 0"]
        if !query.statuses.isEmpty {
            conditions.append("c.status = ANY(\(query.statuses.map(\.rawValue))::text[]::listing_status[])")
        }
        if !query.kinds.isEmpty {
            conditions.append("c.kind = ANY(\(query.kinds.map(\.rawValue))::text[]::listing_kind[])")
        }
        if let deal = query.deal { conditions.append("c.deal = \(deal.rawValue)::deal_type") }
        if !districtIDs.isEmpty { conditions.append("c.district_id = ANY(\(districtIDs)::int[])") }
        if let park = query.parkID { conditions.append("c.park_id = \(park)::int") }
        return """
            SELECT c.kind::text, d.key, min(d.name), c.deal::text, sum(c.listings)::int
            FROM listing_counts c JOIN districts d ON d.id = c.district_id
            WHERE \(SQL.join(conditions, separator: " AND "))
            GROUP BY GROUPING SETS ((c.kind), (d.key), (c.deal))
            """
    }

    /// The facets a statement of (kind, district key, district name, deal, count) rows gives.
    func facets(of sql: SQL) async throws -> ListingFacets {
        var facets = ListingFacets()
        let rows = try await client.read(sql, logger: logger)
        for try await (kind, district, name, deal, count) in rows.decode((String?, String?, String?, String?, Int).self)
        {
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
    func filters(_ query: ListingQuery, districtIDs: [Int], order: SortOrder, publicOnly: Bool, keyset: Bool) -> SQL {
        // Literal so that the planner can use the partial indexes made for public searches.
        var conditions: [SQL] = [publicOnly ? "l.status IN ('active', 'pending')" : "true"]
        if !query.statuses.isEmpty {
            conditions.append("l.status = ANY(\(query.statuses.map(\.rawValue))::text[]::listing_status[])")
        }
        if !query.kinds.isEmpty {
            conditions.append("l.kind = ANY(\(query.kinds.map(\.rawValue))::text[]::listing_kind[])")
        }
        if let deal = query.deal { conditions.append("l.deal = \(deal.rawValue)::deal_type") }
        if districtIDs.count == 1 {
            // Equality, not `= ANY`: a btree returns rows in order only for it (the district + price indexes).
            conditions.append("l.district_id = \(districtIDs[0])::int")
        } else if !districtIDs.isEmpty {
            conditions.append("l.district_id = ANY(\(districtIDs)::int[])")
        }
        if let park = query.parkID { conditions.append("l.park_id = \(park)::int") }
        conditions += bounds(query.buildingArea, "l.building_area_m2")
        conditions += bounds(query.landArea, "l.land_area_m2")
        switch query.priceBasis {
        case nil: conditions += bounds(query.price, "coalesce(l.price_monthly_per_m2, l.price_total_yuan)")
        case .rent: conditions += bounds(query.price, "l.price_monthly_per_m2")
        case .total: conditions += bounds(query.price, "l.price_total_yuan")
        }
        if let tons = query.minCraneTons { conditions.append("l.crane_max_tons >= \(tons)") }
        if let height = query.minClearHeight { conditions.append("l.clear_height_m >= \(height)") }
        if let kva = query.minPowerKva { conditions.append("l.power_kva >= \(kva)::int") }
        if let standalone = query.standalone { conditions.append("l.standalone = \(standalone)") }
        if let single = query.singleStorey { conditions.append("l.single_storey = \(single)") }
        if !query.features.isEmpty { conditions.append("l.features @> \(query.features)::text[]") }
        if !query.allowedUses.isEmpty { conditions.append("l.allowed_uses @> \(query.allowedUses)::text[]") }
        if let ref = query.ref { conditions.append("l.ref = \(ref)") }
        if let radius = query.radiusKm, let point = order.origin {
            conditions.append(
                """
                l.location IS NOT NULL AND earth_box(\(point), \(radius * 1000)) @> l.location
                AND earth_distance(\(point), l.location) <= \(radius * 1000)
                """)
        } else if query.sort == .distance {
            conditions.append("l.location IS NOT NULL")
        }
        if keyset, let cursor = query.cursor {
            let comparison: SQL = order.descending ? "<" : ">"
            conditions.append(
                """
                (\(order.keyExpression), l.id) \(comparison) (\(cursor.key)::\(order.keyType), \(cursor.id))
                """)
        }
        return SQL.join(conditions, separator: " AND ")
    }

    func bounds(_ bounds: ListingQuery.Bounds?, _ column: SQL) -> [SQL] {
        var conditions: [SQL] = []
        if let lower = bounds?.lower { conditions.append("\(column) >= \(lower)") }
        if let upper = bounds?.upper { conditions.append("\(column) <= \(upper)") }
        return conditions
    }

    /// Every keyword's characters and character pairs are in the listing (GIN index on `search_grams`).
    func keywordIndex(_ keywords: SearchKeywords) -> SQL {
        // The same expression as the index `listings_search_grams` (migration 0003), so that it is used.
        "text_grams(l.title || ' ' || l.description || ' ' || l.address) @> query_grams(\(keywords.gramText))"
    }

    /// The listing's gram signature holds every bit of the keywords' grams: true for every match (sql/0014). The
    /// keywords' characters as well as their pairs, for more bits than `query_grams` gives (行车: three, not one) and
    /// so fewer listings without the word that pass (synthetic data, the 5,000 cheapest of a district: 3 of 4,144
    /// pass, against 627 with the pair's bit alone).
    func signatureCheck(_ keywords: SearchKeywords) -> SQL {
        let signature: SQL = "gram_signature(text_grams(\(keywords.gramText)))"
        return "(l.gram_signature & \(signature)) = \(signature)"
    }

    /// Every keyword occurs, literally and ignoring case, in the title, description or address.
    func keywordCheck(
        _ keywords: SearchKeywords, text: SQL = "(l.title || ' ' || l.description || ' ' || l.address)"
    )
        -> SQL
    {
        // ILIKE folds case on every row (measured 2.5× slower than LIKE); Chinese has no case.
        var checks: [SQL] = []
        if !keywords.caselessPatterns.isEmpty {
            checks.append("\(text) LIKE ALL(\(keywords.caselessPatterns)::text[])")
        }
        if !keywords.casedPatterns.isEmpty { checks.append("\(text) ILIKE ALL(\(keywords.casedPatterns)::text[])") }
        return SQL.join(checks, separator: " AND ", empty: "true")
    }

    /// A hit's columns over `listings l`: its id, its sort key and what `Row` carries.
    func hitColumns<Row: SearchRow>(_ order: SortOrder, _ row: Row.Type) -> SQL {
        "l.id, \(order.keyExpression) AS sort_key\(Row.carriedColumns)"
    }

    /// The `Row`s of the listings `hits` finds (a SELECT of `hitColumns`), in sort order.
    func rows<Row: SearchRow>(of hits: SQL, _ order: SortOrder) async throws -> [Row] {
        try await run("WITH hits AS MATERIALIZED (\(hits)) \(Row.select(order))")
    }

    func run<Row: SearchRow>(_ sql: SQL, on connection: PostgresConnection? = nil) async throws -> [Row] {
        let rows =
            if let connection {
                try await connection.run(sql, logger: logger)
            } else {
                try await client.read(sql, logger: logger)
            }
        var result: [Row] = []
        for try await row in rows { result.append(try Row.decode(row)) }
        return result
    }
}
