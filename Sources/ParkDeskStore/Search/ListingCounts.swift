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

extension ListingFacets {
    /// Adds `listings` of this kind, deal and district.
    mutating func count(kind: ListingKind, deal: DealType, district: District, listings: Int) {
        kinds[kind, default: 0] += listings
        deals[deal, default: 0] += listings
        districts[district.key, default: 0] += listings
        districtNames[district.key] = district.name
    }
}

extension ListingSearch {
    /// The facets of a search whose filters the kept counts hold (`keptCountsCover`), summed from the counts as read
    /// at most a second ago: no statement per page.
    func keptFacets(_ query: ListingQuery, districtIDs: [Int]) async throws -> ListingFacets {
        let counts = try await places.caches.listingCounts.value { try await readCounts() }
        let districts = Dictionary(
            try await places.districts().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let wanted = Set(districtIDs)
        var facets = ListingFacets()
        for count in counts where count.listings > 0 {
            guard query.kinds.isEmpty || query.kinds.contains(count.kind),
                query.deal == nil || query.deal == count.deal,
                query.statuses.isEmpty || query.statuses.contains(count.status),
                wanted.isEmpty || wanted.contains(count.districtID),
                query.parkID == nil || query.parkID == count.parkID,
                let district = districts[count.districtID]
            else { continue }
            facets.count(kind: count.kind, deal: count.deal, district: district, listings: count.listings)
        }
        return facets
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
