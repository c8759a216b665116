import ParkDeskHTTP
import Foundation
import ParkDeskCore
import ParkDeskStore

/// "Similar listings" (same kind and deal in the same district) for listing pages, kept for a minute per
/// kind, deal and district: a listing page then costs one query, as the API's detail does (the search behind
/// it cost three times the page's own lookup; BENCHMARKS.md). A listing that changes status meanwhile shows
/// here for at most a minute, and its own page answers 410 with fresh similar listings.
final class SimilarListings: Sendable {
    struct Key: Hashable {
        let kind: ListingKind
        let deal: DealType
        let district: String
    }

    let search: Routed<ListingSearch>
    private let kept = Kept<Key, [ListingSummary]>(lifetime: .seconds(60), capacity: 2_000)

    init(search: Routed<ListingSearch>) {
        self.search = search
    }

    /// Up to four public listings like `listing`, newest first, without it.
    func like(_ listing: Listing) async throws -> [ListingSummary] {
        let key = Key(kind: listing.fields.kind, deal: listing.fields.deal, district: listing.districtKey)
        let items = try await kept.value(for: key) {
            var query = ListingQuery()
            query.kinds = [key.kind]
            query.deal = key.deal
            query.districts = [key.district]
            query.limit = 5
            return try await search.read { [query] in try await $0.search(query, publicOnly: true) }.items
        }
        return Array(items.filter { $0.ref != listing.ref }.prefix(4))
    }
}
