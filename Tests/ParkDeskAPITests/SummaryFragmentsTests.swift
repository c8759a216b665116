import Foundation
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskSeed
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

@testable import ParkDeskAPI
@testable import ParkDeskApp

/// The public search page put together from kept summaries decodes to exactly what the generated types give for
/// the same search, cold and warm, and never shows a summary older than its listing, park or district.
@Suite struct SummaryFragmentsTests {
    static func query(_ edit: (inout ListingSearchInput) -> Void) throws -> ListingQuery {
        var input = ListingSearchInput()
        edit(&input)
        return try input.validated(publicOnly: true)
    }

    /// The page from `fragments` and the page the generated types give: equal decoded and as JSON trees.
    static func expectSame(
        _ query: ListingQuery, _ fragments: SummaryFragments, _ search: ListingSearch
    ) async throws -> Components.Schemas.ListingPage {
        let assembled = Data(try await fragments.page(query, search: search))
        let generated = try StreamingJSONEncoderTests.runtimeBytes(
            try ListingMapping.page(try await search.search(query, publicOnly: true), query))
        return try StreamingJSONEncoderTests.expectEqualJSON(Components.Schemas.ListingPage.self, assembled, generated)
    }

    @Test func everyPageDecodesAsTheGeneratedTypesWroteItColdAndWarm() async throws {
        try await APIFixture.withAwkwardAndSynthetic("fragments-equal", count: 400, seed: 11) { database in
            let fragments = SummaryFragments()
            let queries = [
                try Self.query {
                    $0.limit = 50; $0.facets = true
                },
                try Self.query {
                    $0.sort = .priceAsc; $0.limit = 40
                },
                try Self.query {
                    $0.q = "厂房"; $0.sort = .areaDesc
                },
                try Self.query {
                    $0.near = "27.86,112.90"; $0.radiusKm = 300; $0.sort = .distance; $0.limit = 30
                },
                try Self.query {
                    $0.districts = ["湘潭县"]; $0.kinds = [.factory]; $0.facets = true
                },
            ]
            for query in queries {
                for _ in 0..<2 {  // the second time from kept fragments
                    var query = query
                    var pages = 0
                    while pages < 3 {
                        let page = try await Self.expectSame(query, fragments, database.search)
                        guard let next = page.nextCursor else { break }
                        query.cursor = try ListingCursor(token: next)
                        query.facets = false
                        pages += 1
                    }
                }
            }
            #expect(fragments.kept.count > 100)
        }
    }

    @Test func aChangedListingParkOrStatusIsReadAgain() async throws {
        try await APIFixture.withParkedListing("fragments-fresh") { listing, client, database in
            let fragments = SummaryFragments()
            let query = try Self.query { $0.limit = 100 }
            func shown() async throws -> Components.Schemas.ListingSummary? {
                try await Self.expectSame(query, fragments, database.search).items.first { $0.ref == listing.ref }
            }
            #expect(try await shown()?.title == "旧标题厂房")
            var patch = ListingDraft()
            patch.title = "新标题厂房"
            _ = try await database.listings.update(ref: listing.ref, patch: patch, expectedVersion: nil, actor: "t")
            #expect(try await shown()?.title == "新标题厂房")
            // Changes that bypass the store (no version bump) are seen too: the row version changed.
            try await client.query("UPDATE listings SET town = '易俗河' WHERE ref = \(listing.ref)")
            #expect(try await shown()?.town == "易俗河")
            let parkID = try #require(try await shown()?.park?.id)
            try await client.query("UPDATE parks SET name = '天易经开区(新)' WHERE id = \(parkID)")
            #expect(try await shown()?.park?.name == "天易经开区(新)")
            _ = try await database.listings.changeStatus(ref: listing.ref, to: .withdrawn, note: "撤回", actor: "t")
            #expect(try await shown() == nil)
        }
    }

    @Test func keepsAtMostItsCapacityAndAnswersAlike() async throws {
        let f = try await APIFixture.make("fragments-small")
        try await f.stores { database in
            let fragments = SummaryFragments(capacity: 7)
            for sort in [ListingSort.newest, .priceAsc, .areaDesc] {
                _ = try await Self.expectSame(
                    try Self.query {
                        $0.sort = sort; $0.limit = 20
                    }, fragments, database.search)
                #expect(fragments.kept.count == 7)
            }
            let empty = try await Self.expectSame(try Self.query { $0.q = "火箭发射塔" }, fragments, database.search)
            #expect(empty.items.isEmpty)
        }
    }

    @Test func concurrentPagesAgree() async throws {
        let f = try await APIFixture.make("fragments-concurrent")
        try await f.stores { database in
            let fragments = SummaryFragments(capacity: 10)
            let query = try Self.query { $0.limit = 30 }
            let expected = try await fragments.page(query, search: database.search)
            try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<16 { group.addTask { try await fragments.page(query, search: database.search) } }
                for try await page in group {
                    let decoded = try StreamingJSONEncoderTests.decoded(Components.Schemas.ListingPage.self, Data(page))
                    #expect(
                        decoded
                            == (try StreamingJSONEncoderTests.decoded(
                                Components.Schemas.ListingPage.self, Data(expected))))
                }
            }
        }
    }
}
