import Foundation
import ParkDeskCore
@testable import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// A search's rows carry what their change tokens and distances are made of (no join with the listings again): the
/// hits (without summaries) and the summaries must agree with each other and with the public detail's token (made
/// by a join), on every path a search can take.
@Suite struct SearchHitTests {
    @Test func hitsCarryTheSameTokensAndDistancesAsSummariesAndDetails() async throws {
        let config = try await TestDatabase.shared.fresh("search_hits")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            let rows = (1...700).map { n in
                var d = ListingDraft()
                d.kind = .factory; d.deal = n.isMultiple(of: 3) ? .sale : .rent; d.district = "湘潭县"
                d.buildingArea = Decimal(1000 + n); d.priceAmount = Decimal(8 + n % 7); d.priceUnit = .yuanPerM2Month
                if d.deal == .sale { (d.priceAmount, d.priceUnit) = (Decimal(300 + n), .wanYuanTotal) }
                d.title = n <= 4 ? "锂电配套厂房\(n)号" : "标准厂房\(n)号出租"
                if n.isMultiple(of: 2) { d.park = "湘潭天易经开区" }
                if !n.isMultiple(of: 5) { (d.latitude, d.longitude) = (27.7 + Double(n) / 10_000, 112.9) }
                return ImportRow(line: n, draft: .success(d))
            }
            _ = try await database.listings.importListings(rows, skipInvalid: false, actor: "test")
            // the district's row version is part of every token: a changed district changes them all
            try await client.query("UPDATE districts SET name = name WHERE key = 'xiangtan-county'")

            var shapes: [ListingSearchInput] = []
            for (q, sort) in [(nil, ListingSort.newest), ("厂房", .priceAsc), ("锂电", .newest), (nil, .areaDesc)] {
                var input = ListingSearchInput()
                (input.q, input.sort, input.limit) = (q, sort, 20)
                shapes.append(input)
            }
            var near = ListingSearchInput()
            (near.near, near.sort, near.radiusKm, near.limit) = ("27.72,112.9", .distance, 30, 20)
            shapes.append(near)
            var fewRows = ListingSearchInput()
            (fewRows.q, fewRows.districts) = ("厂房", ["岳塘区"])
            shapes.append(fewRows)

            let search = database.search
            var compared = 0
            for var input in shapes {
                for _ in 0..<2 {  // the first page and the next
                    let query = try input.validated(publicOnly: true)
                    let (summaries, next, _) = try await search.page(query, publicOnly: true, reading: SummaryRow.self)
                    let (hits, _, _) = try await search.page(query, publicOnly: true, reading: ListingHit.self)
                    #expect(hits.map(\.id) == summaries.map(\.id), "\(input)")
                    #expect(hits.map(\.token) == summaries.map(\.token), "\(input)")
                    #expect(hits.map(\.sortKey) == summaries.map(\.sortKey), "\(input)")
                    #expect(hits.map(\.distanceKm) == summaries.map(\.summary.distanceKm), "\(input)")
                    for summary in summaries {
                        let detail = try await database.listings.publicChangeToken(ref: summary.summary.ref)
                        #expect(detail?.token == summary.token)
                    }
                    compared += hits.count
                    guard let next else { break }
                    input.cursor = next.token
                }
            }
            #expect(compared > 150)
        }
    }
}
