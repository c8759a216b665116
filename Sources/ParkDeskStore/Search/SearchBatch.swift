import PostgresNIO
public import ParkDeskCore

extension ListingSearch {
    /// Several plain public searches — no keywords, the same order, not by distance — in one statement, each
    /// search's hits in order (at most its `limit`): the home page's newest listings and its factories with cranes
    /// in one round trip instead of two.
    public func hits(of queries: [ListingQuery]) async throws -> [[ListingHit]] {
        guard let first = queries.first else { return [] }
        let order = SortOrder(first)
        precondition(
            queries.allSatisfy { $0.keywords == nil && $0.sort == first.sort && $0.sort != .distance },
            "plain searches of one order")
        var searches: [SQL] = []
        for (number, query) in queries.enumerated() {
            let districtIDs = try await places.districtIDs(named: query.districts)
            let filters = filters(query, districtIDs: districtIDs, order: order, publicOnly: true, keyset: true)
            searches.append(
                """
                (SELECT \(hitColumns(order, ListingHit.self)), \(number)::int AS search FROM listings l
                WHERE \(filters)\(order.orderAndLimit(query.limit)))
                """)
        }
        let token = ListingHit.token
        let rows = try await client.read(
            """
            WITH hits AS MATERIALIZED (\(SQL.join(searches, separator: " UNION ALL ")))
            SELECT hits.id, \(token) AS token, NULL::float8 AS distance_km,
            \(order.keyText(of: "hits.sort_key")) AS sort_key, \(ListingHit.countedColumns), hits.search
            FROM hits ORDER BY hits.search, hits.sort_key \(order.direction), hits.id \(order.direction)
            """, logger: logger)
        var pages = Array(repeating: [ListingHit](), count: queries.count)
        for try await row in rows {
            let search = try row.makeRandomAccess()["search"].decode(Int.self)
            pages[search].append(try ListingHit.decode(row))
        }
        return pages
    }
}
