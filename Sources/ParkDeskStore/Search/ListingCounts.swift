import PostgresNIO
import ParkDeskCore

/// One row of `listing_counts` (sql/0020): how many public listings share a district, park, kind, deal and status.
struct ListingCount: Sendable {
    /// `parkID` 0: in no park.
    let districtID, parkID, listings: Int
    let kind: ListingKind
    let deal: DealType
    let status: ListingStatus
}

extension ListingSearch {
    /// The facets of a search whose filters the kept counts hold (`keptCountsCover`), summed from the counts as read
    /// at most a second ago: no statement per page.
    func keptFacets(_ query: ListingQuery, districtIDs: [Int]) async throws -> ListingFacets {
        let counts = try await places.caches.listingCounts.value { try await readCounts() }
        let wanted = Set(districtIDs)
        return try await facets(
            of: counts.filter { count in
                (query.kinds.isEmpty || query.kinds.contains(count.kind))
                    && (query.deal == nil || query.deal == count.deal)
                    && (query.statuses.isEmpty || query.statuses.contains(count.status))
                    && (wanted.isEmpty || wanted.contains(count.districtID))
                    && (query.parkID == nil || query.parkID == count.parkID)
            }.map { ($0.kind, $0.deal, $0.districtID, $0.listings) })
    }

    func readCounts() async throws -> [ListingCount] {
        let rows = try await client.read(
            """
            SELECT district_id::int, park_id, kind::text, deal::text, status::text, listings::int
            FROM listing_counts WHERE listings > 0
            """, logger: logger)
        var counts: [ListingCount] = []
        for try await (district, park, kind, deal, status, listings) in rows.decode(
            (Int, Int, String, String, String, Int).self)
        {
            guard let kind = ListingKind(rawValue: kind), let deal = DealType(rawValue: deal),
                let status = ListingStatus(rawValue: status)
            else { throw RowReader.Corrupt(table: "listing_counts", column: "kind, deal or status") }
            counts.append(
                ListingCount(
                    districtID: district, parkID: park, listings: listings, kind: kind, deal: deal, status: status))
        }
        return counts
    }
}
