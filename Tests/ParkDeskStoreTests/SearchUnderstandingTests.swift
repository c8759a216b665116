import Foundation
import ParkDeskCore
@testable import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The search box read against real listings (issue 33), and the kept counts behind the results page's facets.
@Suite struct SearchUnderstandingTests {
    /// Listings of every kind the examples need: factories with and without cranes across both cities, warehouses
    /// in Xiangtan and Chenzhou, land, a listing in a park.
    static func region(_ n: Int, _ d: inout ListingDraft) {
        let districts = ["雨湖区", "岳塘区", "湘潭县", "湘乡市", "北湖区", "苏仙区"]
        d.district = districts[n % districts.count]
        d.priceAmount = Decimal(8 + n % 10)
        d.priceUnit = .yuanPerM2Month
        switch n % 4 {
        case 0:
            (d.kind, d.buildingArea, d.title) = (.warehouse, Decimal(500 + n * 10), "仓库\(n)号出租")
        case 1:
            (d.kind, d.buildingArea, d.craneCount, d.craneTons) = (
                .factory, Decimal(1000 + n * 10), 1, Decimal(n % 30 + 1)
            )
            d.title = "厂房\(n)号，行车\(n % 30 + 1)吨"
        case 2:
            (d.kind, d.buildingArea, d.title) = (.factory, Decimal(2000 + n * 10), "标准厂房\(n)号出租")
            if n % 8 == 2 { d.features = ["独门独院"] }
        default:
            (d.kind, d.landArea, d.title) = (.industrialLand, Decimal(20_000 + n * 100), "工业用地\(n)号出租")
            (d.priceAmount, d.priceUnit) = (Decimal(500 + n), .yuanPerMuYear)
        }
        if n == 7 { (d.district, d.park) = ("湘潭县", "湘潭天易经开区") }
    }

    static func withRegion(_ prefix: String, test: @Sendable (Database) async throws -> Void) async throws {
        try await ListingSearchTests.withFactories(prefix, 1...240, region) { client in
            try await test(Database(client: client, logger: TestDatabase.logger))
        }
    }

    /// The refs a search finds, page after page.
    static func refs(
        _ database: Database, _ q: String, interpret: Bool = true, drop: [String] = []
    ) async throws
        -> Set<String>
    {
        var input = ListingSearchInput()
        (input.q, input.interpret, input.drop, input.limit) = (q, interpret, drop, 100)
        var found: Set<String> = []
        repeat {
            let query = try input.query(publicOnly: true, parser: try await database.places.textParser())
            let page = try await database.search.search(query, publicOnly: true)
            found.formUnion(page.items.map(\.ref))
            input.cursor = page.nextCursor?.token
        } while input.cursor != nil
        return found
    }

    static func refs(_ database: Database, where condition: String) async throws -> Set<String> {
        let rows = try await database.client.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT l.ref FROM listings l JOIN districts d ON d.id = l.district_id
                    LEFT JOIN parks p ON p.id = l.park_id
                    WHERE l.status IN ('active', 'pending') AND \(condition)
                    """), logger: TestDatabase.logger)
        var refs: Set<String> = []
        for try await ref in rows.decode(String.self) { refs.insert(ref) }
        return refs
    }

    @Test func theIssuesExamplesFindWhatAPersonMeant() async throws {
        try await Self.withRegion("understood") { db in
            let cranes = try await Self.refs(db, where: "l.crane_max_tons IS NOT NULL")
            #expect(!cranes.isEmpty)
            #expect(try await Self.refs(db, "行车") == cranes)
            #expect(try await Self.refs(db, "吊车") == cranes, "吊车 is 行车")
            #expect(try await Self.refs(db, "桥吊") == cranes)
            #expect(try await Self.refs(db, "吊车", interpret: false).isEmpty, "no listing says 吊车")
            let twenty = try await Self.refs(db, where: "l.crane_max_tons >= 20")
            #expect(!twenty.isEmpty)
            #expect(try await Self.refs(db, "20吨行车") == twenty)
            #expect(try await Self.refs(db, "行车20吨") == twenty)
            let warehouses = try await Self.refs(db, where: "l.kind = 'warehouse'")
            #expect(try await Self.refs(db, "库房") == warehouses)
            let xiangtanWarehouses = try await Self.refs(db, where: "l.kind = 'warehouse' AND d.city_code = 'XT'")
            #expect(try await Self.refs(db, "湘潭 仓库") == xiangtanWarehouses)
            #expect(xiangtanWarehouses.count < warehouses.count && !xiangtanWarehouses.isEmpty)
            let yuhuFactoriesWithCranes = try await Self.refs(
                db, where: "l.kind = 'factory' AND d.key = 'yuhu' AND l.crane_max_tons >= 20")
            #expect(try await Self.refs(db, "雨湖 厂房 20吨行车") == yuhuFactoriesWithCranes)
            let yuhuFactories = try await Self.refs(db, where: "l.kind = 'factory' AND d.key = 'yuhu'")
            #expect(try await Self.refs(db, "雨湖 厂房 20吨行车", drop: ["crane"]) == yuhuFactories)
            #expect(yuhuFactories.count > yuhuFactoriesWithCranes.count)
            #expect(
                try await Self.refs(db, "租金12元以内")
                    == Self.refs(db, where: "l.price_monthly_per_m2 <= 12"))
            #expect(
                try await Self.refs(db, "独门独院 厂房")
                    == Self.refs(db, where: "l.kind = 'factory' AND '独门独院' = ANY(l.features)"))
            #expect(try await Self.refs(db, "天易经开区") == Self.refs(db, where: "p.name = '湘潭天易经开区'"))
            let one = try #require(xiangtanWarehouses.sorted().first)
            let fullWidth = String(one.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
            #expect(try await Self.refs(db, fullWidth.lowercased()) == [one])
        }
    }

    /// A query with nothing to read is the same keyword search as with `interpret=false`.
    @Test func pureKeywordsFindExactlyWhatTheyFoundBefore() async throws {
        try await Self.withRegion("keywordsonly") { db in
            for q in ["号", "标准", "1号", "准厂", "10号 标准"] {
                let literal = try await Self.refs(db, q, interpret: false)
                #expect(try await Self.refs(db, q) == literal, "\(q)")
            }
        }
    }

    /// The kept counts equal a count of the listings after inserts, status changes, moves and deletes, from
    /// concurrent writers too; the results page's facets come from them.
    @Test func keptCountsStayExact() async throws {
        try await Self.withRegion("keptcounts") { db in
            let client = db.client
            let logger = TestDatabase.logger
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<6 {
                    group.addTask {
                        for step in 0..<10 {
                            let id = writer * 40 + step * 4 + 1
                            switch step % 4 {
                            case 0:
                                try await client.query(
                                    "UPDATE listings SET status = 'leased' WHERE id = \(id)", logger: logger)
                            case 1:
                                try await client.query(
                                    "UPDATE listings SET status = 'pending' WHERE id = \(id)", logger: logger)
                            case 2:
                                try await client.query(
                                    "UPDATE listings SET district_id = 21 WHERE id IN (\(id), \(id + 1))",
                                    logger: logger)
                            default:
                                try await client.query("DELETE FROM listings WHERE id = \(id)", logger: logger)
                            }
                        }
                    }
                }
                do { try await group.waitForAll() } catch { Issue.record("\(String(reflecting: error))") }
            }
            let rolledBack = try? await client.withTransaction(logger: logger) { tx in
                try await tx.query("UPDATE listings SET status = 'withdrawn'", logger: logger)
                throw CancellationError()
            }
            #expect(rolledBack == nil)
            let kept = try await client.query(
                """
                SELECT coalesce(sum(listings), 0)::int FROM listing_counts
                """, logger: logger)
            let counted = try await client.query(
                "SELECT count(*)::int FROM listings WHERE status IN ('active', 'pending')", logger: logger)
            var numbers: [Int] = []
            for try await n in kept.decode(Int.self) { numbers.append(n) }
            for try await n in counted.decode(Int.self) { numbers.append(n) }
            #expect(numbers.count == 2 && numbers[0] == numbers[1])
            let mismatches = try await client.query(
                """
                SELECT count(*)::int FROM (
                    SELECT district_id, coalesce(park_id, 0) AS park_id, kind, deal, status, count(*) AS n
                    FROM listings WHERE status IN ('active', 'pending') GROUP BY 1, 2, 3, 4, 5) c
                FULL JOIN (SELECT * FROM listing_counts WHERE listings > 0) k
                USING (district_id, park_id, kind, deal, status)
                WHERE c.n IS DISTINCT FROM k.listings
                """, logger: logger)
            for try await n in mismatches.decode(Int.self) { #expect(n == 0) }
            // the facets of a kept-count search equal those counted row by row
            var input = ListingSearchInput()
            (input.districts, input.kinds, input.facets) = (["北湖区", "雨湖区"], [.factory, .warehouse], true)
            var query = try input.validated(publicOnly: true)
            #expect(ListingSearch.keptCountsCover(query))
            let ids = try await db.places.districtIDs(named: query.districts)
            let fromCounts = try await db.search.facets(query, districtIDs: ids, publicOnly: true)
            query.buildingArea = ListingQuery.Bounds(lower: 0)
            #expect(!ListingSearch.keptCountsCover(query))
            let fromRows = try await db.search.facets(query, districtIDs: ids, publicOnly: true)
            #expect(fromCounts == fromRows && fromCounts.total ?? 0 > 0)
            // the results page's: summed in memory from the counts as read (at most a second old), the same here
            var page = try input.validated(publicOnly: true)
            page.facetsWithinPage = true
            #expect(try await db.search.facets(page, districtIDs: ids, publicOnly: true) == fromCounts)
            // beyond the kept counts, counted only within one page
            (page.buildingArea, page.limit) = (ListingQuery.Bounds(lower: 0), 5)
            let beyond = try await db.search.search(page, publicOnly: true)
            #expect(beyond.items.count == 5 && beyond.facets == ListingFacets(beyond: 5))
            page.limit = 100
            page.districts = ["北湖区"]
            page.kinds = [.warehouse]
            let few = try await db.search.search(page, publicOnly: true)
            #expect(few.nextCursor == nil && few.facets?.total == few.items.count && !few.items.isEmpty)
        }
    }
}
