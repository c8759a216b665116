import Foundation
import ParkDeskCore
@testable import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Each listing's gram signature (sql/0014) and the keyword window that reads it from the district/price index.
@Suite struct GramSignatureTests {
    /// Texts of every shape a listing holds: Chinese with full-width punctuation, Latin in both cases, digits,
    /// astral characters, emoji, only separators, nothing, and one very long text.
    static let texts = [
        "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院", "业主自建单层独栋厂房1200平米出租，带行车五吨",
        "CNC加工车间 Ａ区 cnc", "𠀀𠀁 养猪场土地流转（30亩）", "仓库🏭出租 —— 近高速", "，。！ ", "", "x",
        String(repeating: "高标准厂房带行车办公楼", count: 400),
    ]

    @Test func aTextsSignatureIsThatOfItsGramsAndHoldsEveryWordItContains() async throws {
        let config = try await TestDatabase.shared.fresh("gramsig")
        try await withClient(config) { client in
            let logger = TestDatabase.logger
            // every run of one to four characters of each text (what a searcher may type), and words it lacks
            var words: Set<String> = ["行车吊", "锂电", "ＣＮＣ", "Cnc"]
            for text in Self.texts {
                let characters = Array(text.prefix(80))
                for start in characters.indices {
                    for length in 1...4 where start + length <= characters.count {
                        words.insert(String(characters[start..<start + length]))
                    }
                }
            }
            // each text's grams and signatures once (a long run costs quadratic time in substr), then each word
            let sql: SQL = """
                WITH texts AS MATERIALIZED (
                    SELECT t, text_signature(t) AS signature, gram_signature(text_grams(t)) AS grams_signature,
                           text_grams(t) AS grams,
                           (SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}') FROM (
                               SELECT substr(w, i, n) AS g
                               FROM regexp_split_to_table(lower(t), '[\\s!-/:-@\\[-`{-~，。、；：！？（）【】《》“”‘’·…—～　]+') AS w,
                                    generate_series(1, 2) AS n, generate_series(1, char_length(w) - n + 1) AS i) grams
                               WHERE g <> '') AS grams_before
                    FROM unnest(\(Self.texts)::text[]) AS t)
                SELECT t, w, signature = grams_signature, grams = grams_before,
                       lower(t) LIKE '%' || lower(w) || '%',
                       (signature & gram_signature(text_grams(w))) = gram_signature(text_grams(w))
                FROM texts, unnest(\(Array(words))::text[]) AS w
                """
            var (pairs, contained) = (0, 0)
            let rows = try await client.run(sql, logger: logger)
            for try await (text, word, sameSignature, sameGrams, contains, signed) in rows.decode(
                (String, String, Bool, Bool, Bool, Bool).self)
            {
                pairs += 1
                #expect(sameSignature, "\(text.prefix(20))")
                #expect(sameGrams, "\(text.prefix(20))")
                if contains {
                    contained += 1
                    #expect(signed, "no false negative: \(word) in \(text.prefix(20))")
                }
            }
            #expect(pairs == Self.texts.count * words.count && contained >= words.count - 3)
            // the bits of 行车 are absent from a text without it (the signature does sort texts out)
            let absent = try await client.run(
                "SELECT (text_signature('标准厂房') & gram_signature(text_grams('行车'))) = gram_signature(text_grams('行车'))",
                logger: logger)
            for try await signed in absent.decode(Bool.self) { #expect(!signed) }
        }
    }

    /// 行车 in one district by price, where the 2,000 cheapest listings lack it: the window is read from the
    /// district/price index alone, and only listings whose signature holds the word are read — not the 2,000.
    @Test func theWindowVisitsOnlyListingsWhoseSignatureHoldsTheWord() async throws {
        // 3,000 in 湘潭县 (1,000 with a crane, the dearest) and 3,000 elsewhere
        try await ListingSearchTests.withFactories("sigwindow", 1...6000, analyzed: true) { n, d in
            d.district = n <= 3000 ? "湘潭县" : "雨湖区"; d.buildingArea = 1000
            d.priceAmount = Decimal((n - 1) % 3000 + 1) / 100; d.priceUnit = .yuanPerM2Month
            d.title = n > 2000 ? "带行车厂房\(n)号" : "标准厂房\(n)号"
        } test: { client in
            let logger = TestDatabase.logger
            let database = Database(client: client, logger: logger)
            try await client.query("VACUUM listings", logger: logger)  // for index-only scans
            var input = ListingSearchInput()
            (input.q, input.districts, input.sort) = ("行车", ["湘潭县"], .priceAsc)
            let query = try input.validated(publicOnly: true)
            let search = database.search
            let districtIDs = try await search.places.districtIDs(named: query.districts)
            #expect(ListingSearch.filtersReadFromTheSignatureIndex(query, districtIDs: districtIDs, publicOnly: true))
            let order = SortOrder(query)
            let filters = search.filters(query, districtIDs: districtIDs, order: order, publicOnly: true, keyset: true)
            let (matches, _) = search.windowStep(
                try #require(query.keywords), filters: filters, order: order, window: 2500, wanted: 21, signed: true,
                reading: ListingHit.self)
            // At 6,000 listings reading and sorting them all costs about as little; read in order, the index alone
            // must serve the window.
            let text = try await client.withTransaction(logger: logger) { tx in
                for setting: String in ["enable_seqscan", "enable_bitmapscan", "enable_sort"] {
                    try await tx.run("SELECT set_config(\(setting), 'off', true)", logger: logger)
                }
                var text = ""
                let plan = try await tx.run("EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) \(matches)", logger: logger)
                for try await json in plan.decode(String.self) { text += json }
                return text
            }
            let nodes = Self.planNodes(try JSONSerialization.jsonObject(with: Data(text.utf8)))
            let window = try #require(
                nodes.first { $0["Index Name"] as? String == "listings_public_district_price_asc" }, "\(text)")
            #expect(window["Node Type"] as? String == "Index Only Scan")
            let visits = nodes.filter { $0["Index Name"] as? String == "listings_pkey" }
                .reduce(0) { $0 + ($1["Actual Loops"] as? Int ?? 0) }
            #expect(visits >= 21 && visits < 40, "listings read: \(visits)")

            // the whole search, page after page, each way, with and without a price range: the same listings
            // without the signature (3,000 listings in the district) as with it — once the statistics say the table
            // holds a million (the signature's threshold is 10,000 in the district; a new `Database` reads them anew)
            let walks = [(ListingSort.priceAsc, false), (.priceDesc, false), (.priceAsc, true)].map { sort, range in
                var walk = input
                walk.sort = sort
                if range { (walk.minPrice, walk.maxPrice) = (15, 28.5) }
                let expected = (2001...3000).filter { !range || (1500...2850).contains($0) }.map { "带行车厂房\($0)号" }
                return (walk, sort == .priceAsc ? expected : expected.reversed())
            }
            var unsigned: [[String]] = []
            for (walk, expected) in walks {
                unsigned.append(try await Self.walk(walk, search))
                #expect(unsigned.last == expected)
            }
            try await client.query("UPDATE pg_class SET reltuples = 1000000 WHERE oid = 'listings'::regclass")
            let signedSearch = Database(client: client, logger: logger).search
            let reading = try await KeywordFrequencies.reading(of: "行车", client: client, logger: logger)
            #expect(reading.rows(inDistricts: districtIDs) >= ListingSearch.signatureFromRows)
            for ((walk, _), plain) in zip(walks, unsigned) {
                let signed = try await Self.walk(walk, signedSearch)
                #expect(signed == plain)
            }
        }
    }

    /// The titles of every page of `input`'s search (pages of 100).
    static func walk(_ input: ListingSearchInput, _ search: ListingSearch) async throws -> [String] {
        var input = input
        input.limit = 100
        var titles: [String] = []
        repeat {
            let page = try await search.search(try input.validated(publicOnly: true), publicOnly: true)
            titles += page.items.map(\.title)
            input.cursor = page.nextCursor?.token
        } while input.cursor != nil && titles.count <= 3000
        return titles
    }

    /// The plan's nodes, depth first.
    static func planNodes(_ json: Any) -> [[String: Any]] {
        if let list = json as? [Any] { return list.flatMap(planNodes) }
        guard let object = json as? [String: Any] else { return [] }
        var nodes: [[String: Any]] = object["Node Type"] == nil ? [] : [object]
        for key in ["Plan", "Plans"] { nodes += object[key].map(planNodes) ?? [] }
        return nodes
    }

    @Test func onlyFiltersTheDistrictPriceIndexHoldsReadTheSignature() throws {
        var input = ListingSearchInput()
        (input.q, input.sort, input.districts, input.minPrice, input.maxPrice) = ("行车", .priceDesc, ["yuhu"], 1, 20)
        input.cursor = ListingCursor(sort: .priceDesc, key: "12.5", id: 9).token
        (input.near, input.limit, input.facets) = ("27.8,112.9", 50, true)
        let query = try input.validated(publicOnly: true)
        #expect(ListingSearch.filtersReadFromTheSignatureIndex(query, districtIDs: [3], publicOnly: true))
        #expect(!ListingSearch.filtersReadFromTheSignatureIndex(query, districtIDs: [3], publicOnly: false))
        #expect(!ListingSearch.filtersReadFromTheSignatureIndex(query, districtIDs: [3, 4], publicOnly: true))
        #expect(!ListingSearch.filtersReadFromTheSignatureIndex(query, districtIDs: [], publicOnly: true))
        let changes: [(inout ListingSearchInput) -> Void] = [
            { $0.sort = .newest }, { $0.sort = .areaAsc }, { $0.kinds = [.factory] }, { $0.deal = .rent },
            { $0.statuses = [.active] }, { $0.park = 1 }, { $0.minCraneTons = 5 }, { $0.standalone = true },
            { $0.features = ["独门独院"] }, { $0.radiusKm = 5 }, { $0.minLandArea = 1 }, { $0.minPowerKva = 100 },
        ]
        for change in changes {
            var other = input
            change(&other)
            if other.sort != input.sort { other.cursor = nil }
            let changed = try other.validated(publicOnly: true)
            #expect(!ListingSearch.filtersReadFromTheSignatureIndex(changed, districtIDs: [3], publicOnly: true))
        }
    }
}
