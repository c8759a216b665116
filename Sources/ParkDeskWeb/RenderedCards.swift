import ParkDeskCore
import ParkDeskStore

/// Listing cards as rendered, kept per listing while its change token (`ListingRow.changeToken`, which the search's
/// hits carry) is the one it was rendered for: the template engine reflects on every value, and 20 cards were half
/// of the results page's CPU (perf at 10,000 listings). A page then reads the search's light hits, as the API's
/// search does, and the summaries only of listings not kept or changed since. Each card is still rendered by the
/// template engine (the `card` template), which escapes every value; only its text is kept.
final class RenderedCards: Sendable {
    private let kept = Kept<Int64, String>(capacity: 20_000)

    /// Cards' HTML with what it shows: the listings and their change tokens. Equal and hashed by those alone, so
    /// that a page keyed by its view (`RenderedPages`) does not hash the HTML.
    struct Cards: Sendable, Hashable {
        let html: String
        let shown: String
        let count: Int

        static func == (lhs: Cards, rhs: Cards) -> Bool { lhs.shown == rhs.shown }
        func hash(into hasher: inout Hasher) { hasher.combine(shown) }
    }

    /// The cards of a search's page, in order (a listing no longer public when read again is left out).
    struct Page: Sendable {
        let cards: Cards
        let nextCursor: ListingCursor?
        let facets: ListingFacets?

        static let none = Page(cards: Cards(html: "", shown: "", count: 0), nextCursor: nil, facets: nil)
    }

    /// The page of `query`, each card `render`ed once per listing version.
    func page(
        _ query: ListingQuery, search: ListingSearch, render: (ListingSummary) -> String
    ) async throws -> Page {
        let page = try await search.hits(query, publicOnly: true)
        let cards = try await cards(page.hits, search: search, render: render)
        return Page(cards: cards, nextCursor: page.nextCursor, facets: page.facets)
    }

    /// The cards of several plain searches read in one statement (`ListingSearch.hits(of:)`), each search's joined.
    func pages(
        _ queries: [ListingQuery], search: ListingSearch, render: (ListingSummary) -> String
    ) async throws -> [Cards] {
        var pages: [Cards] = []
        for hits in try await search.hits(of: queries) {
            pages.append(try await cards(hits, search: search, render: render))
        }
        return pages
    }

    /// The hits' cards in order: kept ones as they are, the others read (in one statement) and rendered.
    private func cards(
        _ hits: [ListingHit], search: ListingSearch, render: (ListingSummary) -> String
    ) async throws -> Cards {
        var cards = kept.values(hits.map { ($0.id, $0.token) })
        let missing = zip(hits, cards).compactMap { hit, card in card == nil ? hit.id : nil }
        if !missing.isEmpty {
            let rows = try await search.summaries(ids: missing, publicOnly: true)
            let made = rows.map { id, row in (key: id, token: row.token as String?, value: render(row.summary)) }
            kept.keep(made)
            let byID = Dictionary(made.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            for index in cards.indices where cards[index] == nil { cards[index] = byID[hits[index].id] }
        }
        let shown = zip(hits, cards).filter { $0.1 != nil }.map { "\($0.0.id):\($0.0.token)" }
        return Cards(html: cards.compactMap { $0 }.joined(), shown: shown.joined(separator: ","), count: shown.count)
    }
}
