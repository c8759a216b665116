import Foundation
import ParkDeskCore
@testable import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The keyword search's two steps over more listings than the first step looks through.
@Suite struct ListingSearchTests {
    @Test func rareKeywordsBeyondTheFirstWindowAreFoundAndPaged() async throws {
        try await Self.withFactories("twostep", 1...2100) { n, d in
            d.district = "湘潭县"; d.buildingArea = Decimal(1000 + n)
            d.priceAmount = 10; d.priceUnit = .yuanPerM2Month
            d.title = n <= 3 ? "锂电配套厂房\(n)号出租" : "标准厂房\(n)号出租"
        } test: { client in
            let logger = TestDatabase.logger
            let search = Database(client: client, logger: logger).search
            var input = ListingSearchInput()
            input.q = "锂电"
            input.limit = 2
            input.facets = true
            let first = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
            #expect(first.items.map(\.title) == ["锂电配套厂房3号出租", "锂电配套厂房2号出租"])
            #expect(first.facets?.kinds[.factory] == 3)
            input.cursor = try #require(first.nextCursor).token
            let second = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
            #expect(second.items.map(\.title) == ["锂电配套厂房1号出租"])
            #expect(second.nextCursor == nil)

            var common = ListingSearchInput()
            common.q = "厂房 出租"
            common.sort = .areaDesc
            let page = try await search.search(try common.validated(publicOnly: true), publicOnly: true)
            #expect(page.items.count == 20 && page.items.first?.buildingArea == 3100)
        }
    }

    /// Small districts with fewer matches than a page (30 listings, read without the gram index, and 300, read with
    /// it): each answered by one exact statement, nothing missing.
    @Test func aSmallDistrictsFewMatchesComeFromOneWindow() async throws {
        try await Self.withFactories("smalldistrict", 1...3030, analyzed: true) { n, d in
            d.buildingArea = 1000
            d.district = n <= 30 ? "湘潭县" : n <= 330 ? "岳塘区" : "雨湖区"
            d.priceAmount = Decimal(n); d.priceUnit = .yuanPerM2Month
            let crane = n <= 30 ? n % 3 == 0 : n <= 330 && n % 30 == 0
            d.title = crane ? "带行车厂房\(n)号" : "标准厂房\(n)号"
        } test: { client in
            let logger = TestDatabase.logger
            var input = ListingSearchInput()
            input.q = "行车"
            input.districts = ["湘潭县"]
            input.sort = .priceAsc
            let search = Database(client: client, logger: logger).search
            let page = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
            #expect(page.items.map(\.title) == stride(from: 3, through: 30, by: 3).map { "带行车厂房\($0)号" })
            // a district of 300: read with the gram index, in one statement too
            input.districts = ["岳塘区"]
            let larger = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
            #expect(larger.items.map(\.title) == stride(from: 60, through: 330, by: 30).map { "带行车厂房\($0)号" })
        }
    }

    /// A common word in a district of a few hundred listings: read in price order from the district's first rows
    /// (not all of the district's matches sorted), page after page, each match once and in order.
    @Test func aCommonWordInASmallDistrictIsPagedInPriceOrder() async throws {
        try await Self.withFactories("smallcommon", 1...3000, analyzed: true) { n, d in
            d.district = n <= 300 ? "湘潭县" : "雨湖区"; d.buildingArea = 1000
            d.priceAmount = Decimal(3001 - n) / 100; d.priceUnit = .yuanPerM2Month
            d.title = n % 2 == 0 ? "带行车厂房\(n)号" : "标准厂房\(n)号"
        } test: { client in
            let logger = TestDatabase.logger
            let search = Database(client: client, logger: logger).search
            var input = ListingSearchInput()
            (input.q, input.districts, input.sort, input.limit) = ("行车", ["湘潭县"], .priceAsc, 20)
            var walked: [String] = []
            repeat {
                let page = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
                walked += page.items.map(\.title)
                input.cursor = page.nextCursor?.token
            } while input.cursor != nil && walked.count < 400
            #expect(walked == stride(from: 300, through: 2, by: -2).map { "带行车厂房\($0)号" })
        }
    }

    /// A word in 40 % of listings, none of them among the 3,000 cheapest of the district (as cranes are absent
    /// from cheap farmland): the statistics call it common, the wider window finds the page in price order.
    @Test func aCommonWordAbsentFromTheCheapEndIsFoundInPriceOrder() async throws {
        try await Self.withFactories("common", 1...5000, analyzed: true) { n, d in
            d.district = n % 2 == 0 ? "湘潭县" : "雨湖区"; d.buildingArea = 1000
            d.priceAmount = Decimal(n) / 100; d.priceUnit = .yuanPerM2Month
            d.title = n > 3000 ? "带行车厂房\(n)号" : "标准厂房\(n)号"
        } test: { client in
            let logger = TestDatabase.logger
            let search = Database(client: client, logger: logger).search
            let crane = try await KeywordFrequencies.reading(of: "行车", client: client, logger: logger)
            #expect(crane.frequency > 0.3 && crane.tableRows >= 5000)
            // half the listings are in 湘潭县: the district filter leaves about half the table
            let districts = try await Database(client: client, logger: logger).places.districts()
            let county = try #require(districts.first { $0.name == "湘潭县" })
            #expect(abs(crane.rows(inDistricts: [county.id]) - crane.tableRows / 2) < crane.tableRows / 10)
            #expect(crane.rows(inDistricts: []) == crane.tableRows)
            #expect(
                try await KeywordFrequencies.reading(of: "锂电", client: client, logger: logger).frequency == 0)
            // the first step's window: at most an eighth of the table, at least 100 rows
            #expect(ListingSearch.keywordWindow(frequency: 0.3, tableRows: 5000) == 625)
            #expect(ListingSearch.keywordWindow(frequency: 0.3, tableRows: 400) == 100)
            #expect(ListingSearch.keywordWindow(frequency: 0.3, tableRows: 1_000_000) == 10_000)
            #expect(ListingSearch.keywordWindow(frequency: 0.05, tableRows: 1_000_000) == 2000)
            var input = ListingSearchInput()
            input.q = "行车"
            input.districts = ["湘潭县"]
            input.sort = .priceAsc
            input.limit = 5
            let page = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
            #expect(page.items.map(\.title) == (3001...3010).filter { $0 % 2 == 0 }.map { "带行车厂房\($0)号" })
            input.sort = .priceDesc
            let dearest = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
            #expect(dearest.items.map(\.title) == [5000, 4998, 4996, 4994, 4992].map { "带行车厂房\($0)号" })
        }
    }

    @Test func distancePagesStayExactThroughListingsAtIdenticalCoordinates() async throws {
        // 90 listings in one park share its coordinates; 20 others are spread around.
        try await Self.withFactories("ties", 1...110) { n, d in
            d.district = "湘潭县"; d.buildingArea = 1000
            d.priceAmount = 10; d.priceUnit = .yuanPerM2Month; d.title = "园区厂房\(n)号"
            d.latitude = n <= 90 ? 27.8 : 27.8 + Double(n - 90) * 0.001
            d.longitude = n <= 90 ? 112.9 : 112.9 - Double(n - 90) * 0.001
        } test: { client in
            let logger = TestDatabase.logger
            let search = Database(client: client, logger: logger).search
            var input = ListingSearchInput()
            input.near = "27.801,112.899"
            input.sort = .distance
            input.limit = 100
            let whole = try await search.search(try input.validated(publicOnly: true), publicOnly: true).items.map(
                \.ref)
            input.limit = 100
            var all = input
            all.cursor = try await search.search(try input.validated(publicOnly: true), publicOnly: true).nextCursor?
                .token
            let rest = try await search.search(try all.validated(publicOnly: true), publicOnly: true).items.map(\.ref)
            #expect(whole.count + rest.count == 110)
            input.limit = 7
            var walked: [String] = []
            var cursor: String?
            repeat {
                input.cursor = cursor
                let page = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
                walked += page.items.map(\.ref)
                cursor = page.nextCursor?.token
            } while cursor != nil && walked.count < 500
            #expect(walked == whole + rest)
            #expect(Set(walked).count == 110)
        }
    }

    /// A fresh database with a factory for rent per number, each as `shape` makes it (statistics taken when
    /// `analyzed`), for `test`.
    static func withFactories(
        _ prefix: String, _ numbers: ClosedRange<Int>, analyzed: Bool = false,
        _ shape: (Int, inout ListingDraft) -> Void, test: @Sendable (PostgresClient) async throws -> Void
    ) async throws {
        let rows = factoriesForRent(numbers, shape)
        try await withClient(try await TestDatabase.shared.fresh(prefix)) { client in
            _ = try await Database(client: client, logger: TestDatabase.logger).listings.importListings(
                rows, skipInvalid: false, actor: "test")
            if analyzed { try await client.query("ANALYZE listings", logger: TestDatabase.logger) }
            try await test(client)
        }
    }

    /// Import rows of factories for rent, one per number, each as `shape` makes it.
    static func factoriesForRent(_ numbers: ClosedRange<Int>, _ shape: (Int, inout ListingDraft) -> Void) -> [ImportRow]
    {
        numbers.map { n in
            var draft = ListingDraft()
            (draft.kind, draft.deal) = (.factory, .rent)
            shape(n, &draft)
            return ImportRow(line: n, draft: .success(draft))
        }
    }

    @Test func keywordsAreCheckedBeforeTheyReachTheDatabase() throws {
        #expect(throws: ValidationFailed.self) { try SearchKeywords.parse("，。！") }
        #expect(try SearchKeywords.parse("  ") == nil)
        #expect(try SearchKeywords.parse("厂房  行车 厂房")?.terms == ["厂房", "行车"])
        #expect(try SearchKeywords.parse("50%_\\")?.likePatterns == ["%50\\%\\_\\\\%"])
        let mixed = try SearchKeywords.parse("厂房 CNC 行车")
        #expect(mixed?.caselessPatterns == ["%厂房%", "%行车%"] && mixed?.casedPatterns == ["%CNC%"])
        #expect(throws: ValidationFailed.self) { try SearchKeywords.parse("a b c d e f") }
    }

    @Test func cursorsRoundTripAndRejectForgeries() throws {
        let cursor = ListingCursor(sort: .priceAsc, key: "Infinity", id: 42)
        #expect(try ListingCursor(token: cursor.token) == cursor)
        let newest = ListingCursor(sort: .newest, key: "2026-11-29T09:21:23.123456Z", id: 7)
        #expect(try ListingCursor(token: newest.token) == newest)
        for forged in [
            "", "!!", Data("1|newest|yesterday|1".utf8).base64EncodedString(),
            Data("1|price-asc|1;DROP|1".utf8).base64EncodedString(), Data("2|newest|x|1".utf8).base64EncodedString(),
        ] {
            #expect(throws: ValidationFailed.self) { try ListingCursor(token: forged) }
        }
    }
}
