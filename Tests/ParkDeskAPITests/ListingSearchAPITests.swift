import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// `GET /api/v1/listings` as the web front uses it, over the demo data.
@Suite struct ListingSearchAPITests {
    static let shared = Task { try await APIFixture.make("search") }

    var fixture: APIFixture { get async throws { try await Self.shared.value } }

    @Test func keywordsFindTwoCharacterChineseWordsInTitleDescriptionAndAddress() async throws {
        let f = try await fixture
        try await f.test { client in
            for word in ["厂房", "行车", "养猪", "仓库"] {
                let page = try await client.call("/api/v1/listings?limit=100&interpret=false&q=\(q(word))").body
                #expect(!items(page).isEmpty, "nothing found for \(word)")
                for item in items(page) {
                    #expect((item["title"] as? String ?? "").contains(word), "\(word) not in \(item["title"] ?? "")")
                }
            }
            let both = items(
                try await client.call("/api/v1/listings?limit=100&interpret=false&q=\(q("厂房 行车"))").body)
            #expect(!both.isEmpty)
            #expect(
                both.allSatisfy {
                    ($0["title"] as? String ?? "").contains("厂房") && ($0["title"] as? String ?? "").contains("行车")
                })
            #expect(items(try await client.call("/api/v1/listings?q=\(q("火箭"))").body).isEmpty)
        }
    }

    /// What the search box's words mean, over the demo data: 吊车 finds what 行车 finds, 20吨行车 is minCraneTons=20,
    /// 湘潭 仓库 is every warehouse of Xiangtan's districts; the answer says what it read, and `drop` and
    /// `interpret=false` take readings back.
    @Test func theSearchBoxIsReadIntoFilters() async throws {
        let f = try await fixture
        try await f.test { client in
            func refs(_ query: String) async throws -> [String] {
                items(try await client.call("/api/v1/listings?limit=100&" + query).body).compactMap {
                    $0["ref"] as? String
                }
            }
            let cranes = try await refs("minCraneTons=0")
            #expect(!cranes.isEmpty)
            #expect(try await refs("q=\(q("吊车"))") == cranes)
            #expect(try await refs("q=\(q("行车"))") == cranes)
            #expect(try await refs("q=\(q("20吨行车"))") == refs("minCraneTons=20"))
            let xiangtan = [
                "yuhu", "yuetang", "xiangtan-county", "xiangxiang", "shaoshan", "xiangtan-etdz", "xiangtan-hitech",
            ]
            let warehouses = try await refs(
                "kind=warehouse&" + xiangtan.map { "district=" + $0 }.joined(separator: "&"))
            #expect(!warehouses.isEmpty)
            #expect(try await refs("q=\(q("湘潭 仓库"))") == warehouses)
            #expect(try await refs("q=\(q("库房"))") == refs("kind=warehouse"))

            let page = try await client.call("/api/v1/listings?q=\(q("雨湖 厂房 20吨行车 钢结构"))").body
            let reading = try #require(page["interpretation"] as? [String: Any])
            let filters = try #require(reading["filters"] as? [[String: Any]])
            #expect(filters.map { $0["key"] as? String } == ["district", "kind", "crane"])
            #expect(filters.map { $0["label"] as? String } == ["雨湖区", "厂房", "行车 ≥ 20 吨"])
            let words = filters.last?["words"] as? [[String: Any]]
            #expect(words?.map { $0["text"] as? String } == ["20吨行车"])
            #expect(words?.first?["start"] as? Int == 6 && words?.first?["end"] as? Int == 11)
            let parameters = filters.last?["parameters"] as? [[String: String]]
            #expect(parameters == [["name": "minCraneTons", "value": "20"]])
            #expect(reading["keywords"] as? [String] == ["钢结构"])

            let dropped = try await client.call("/api/v1/listings?q=\(q("雨湖 厂房 20吨行车"))&drop=crane").body
            let kept = (dropped["interpretation"] as? [String: Any])?["filters"] as? [[String: Any]]
            #expect(kept?.map { $0["key"] as? String } == ["district", "kind"])
            #expect(try await refs("q=\(q("雨湖 厂房 20吨行车"))&drop=crane") == refs("district=yuhu&kind=factory"))

            let literal = try await client.call("/api/v1/listings?q=\(q("吊车"))&interpret=false").body
            #expect(literal["interpretation"] == nil && items(literal).isEmpty)
            let explicit = try await client.call("/api/v1/listings?q=\(q("厂房"))&kind=warehouse").body
            #expect(items(explicit).allSatisfy { $0["kind"] as? String == "warehouse" }, "a parameter wins")
            #expect(((explicit["interpretation"] as? [String: Any])?["filters"] as? [Any])?.isEmpty == true)
            #expect(try await client.call("/api/v1/listings?q=\(q("厂房"))&interpret=maybe").status == .badRequest)
            let tooMany = (0...20).map { "drop=k\($0)" }.joined(separator: "&")
            let refused = try await client.call("/api/v1/listings?q=a&" + tooMany)
            #expect(refused.status == .badRequest && fields(refused.body) == ["drop"])
        }
    }

    @Test func keywordMatchesTheDescriptionAndLiteralPercentSigns() async throws {
        let f = try await APIFixture.make("keyword", demo: false)
        _ = try await f.listing {
            $0.title = "标准厂房出租"; $0.description = "配套锂电池生产线，100%可环评"
        }
        try await f.test { client in
            let lithium = items(try await client.call("/api/v1/listings?q=\(q("锂"))").body)
            #expect(lithium.map { $0["title"] as? String } == ["标准厂房出租"])
            #expect(items(try await client.call("/api/v1/listings?q=\(q("100%可"))").body).count == 1)
            #expect(items(try await client.call("/api/v1/listings?q=\(q("1_0"))").body).isEmpty)
        }
    }

    @Test func thePublicSeesActiveAndPendingOnly() async throws {
        let f = try await APIFixture.make("public", demo: false)
        _ = try await f.listing({ $0.title = "草稿里的秘密厂房" }, status: .draft)
        try await f.test { client in
            #expect(items(try await client.call("/api/v1/listings?q=\(q("秘密厂房"))").body).isEmpty)
            let refused = try await client.call("/api/v1/listings?status=draft")
            #expect(refused.status == .badRequest)
            #expect(fields(refused.body) == ["status"])
            let all = items(try await client.call("/api/v1/listings?limit=100").body)
            #expect(all.allSatisfy { ["active", "pending"].contains($0["status"] as? String ?? "") })
        }
    }

    @Test func everyFilterKeepsOnlyMatchingListings() async throws {
        let f = try await fixture
        let parkID = try await f.count("SELECT id FROM parks WHERE name = '湘潭经开区'")
        let cases: [(String, String)] = [
            ("kind=warehouse", "kind = 'warehouse'"),
            ("kind=warehouse&kind=office", "kind IN ('warehouse', 'office')"),
            ("deal=sale", "deal = 'sale'"),
            ("district=xiangtan-county", "district_id = 3"),
            ("district=xiangtan-county&district=yuhu", "district_id IN (1, 3)"),
            ("park=\(parkID)", "park_id = \(parkID)"),
            ("minBuildingArea=3000&maxBuildingArea=5000", "building_area_m2 BETWEEN 3000 AND 5000"),
            ("minLandArea=20&landAreaUnit=mu", "land_area_m2 >= 20 * 666.67"),
            ("maxLandArea=20000", "land_area_m2 <= 20000"),
            ("deal=rent&minPrice=10&maxPrice=12", "deal = 'rent' AND price_monthly_per_m2 BETWEEN 10 AND 12"),
            ("minCraneTons=16", "crane_max_tons >= 16"),
            ("minClearHeight=10", "clear_height_m >= 10"),
            ("minPowerKva=500", "power_kva >= 500"),
            ("standalone=true", "standalone"),
            ("singleStorey=false", "NOT single_storey"),
            ("feature=\(q("可环评"))&feature=\(q("独门独院"))", "features @> '{可环评,独门独院}'"),
        ]
        try await f.test { client in
            for (parameters, condition) in cases {
                let expected = try await f.count(
                    """
                    SELECT count(*)::int FROM listings WHERE status IN ('active', 'pending') AND \(unescaped: condition)
                    """)
                let page = try await client.call("/api/v1/listings?limit=100&\(parameters)")
                #expect(page.status == .ok, "\(parameters)")
                #expect(items(page.body).count == expected, "\(parameters): \(items(page.body).count) ≠ \(expected)")
                #expect(expected > 0, "\(parameters) matches nothing in the demo data; the case proves little")
            }
        }
    }

    @Test func radiusSearchAndDistanceSort() async throws {
        let f = try await APIFixture.make("radius", demo: false)
        // Near 湘潭市中心 (27.8300, 112.9100): one listing ~1 km away, one ~30 km away.
        _ = try await f.listing {
            $0.title = "市中心附近厂房"; $0.latitude = 27.8390; $0.longitude = 112.9100
        }
        _ = try await f.listing {
            $0.title = "远郊厂房"; $0.latitude = 28.1000; $0.longitude = 112.9100
        }
        try await f.test { client in
            let near = items(try await client.call("/api/v1/listings?near=27.83,112.91&radiusKm=5&sort=distance").body)
            #expect(near.first?["title"] as? String == "市中心附近厂房")
            #expect(!near.contains { $0["title"] as? String == "远郊厂房" })
            let first = try #require(near.first?["distanceKm"] as? Double)
            #expect(abs(first - 1.0) < 0.05)
            // a radius too small for PostgreSQL's arithmetic (schemathesis sent 5e-324) means "here": no listing
            let here = try await client.call("/api/v1/listings?near=27.83,112.91&radiusKm=5e-324&sort=distance")
            #expect(here.status == .ok && items(here.body).isEmpty)
            let sorted = items(try await client.call("/api/v1/listings?near=27.83,112.91&sort=distance&limit=100").body)
            let distances = sorted.compactMap { $0["distanceKm"] as? Double }
            #expect(distances.count == sorted.count && distances == distances.sorted())
            #expect(sorted.contains { $0["title"] as? String == "远郊厂房" })
        }
    }

    @Test(arguments: ["newest", "price-asc", "price-desc", "area-asc", "area-desc"])
    func cursorPagesWalkTheWholeOrderOnce(sort: String) async throws {
        let f = try await fixture
        try await f.test { client in
            let whole = items(try await client.call("/api/v1/listings?limit=100&sort=\(sort)").body).compactMap {
                $0["ref"] as? String
            }
            var walked: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.call(
                    "/api/v1/listings?limit=7&sort=\(sort)" + (cursor.map { "&cursor=\($0)" } ?? "")
                ).body
                walked += items(page).compactMap { $0["ref"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil && walked.count < 1000
            #expect(walked == whole)
            #expect(Set(walked).count == walked.count)
            #expect(whole.count == 55)
        }
    }

    @Test func sortsOrderByTheNormalisedFigures() async throws {
        let f = try await fixture
        try await f.test { client in
            let byArea = items(try await client.call("/api/v1/listings?limit=100&sort=area-desc").body)
            let areas = byArea.map { ($0["buildingArea"] as? Double) ?? ($0["landArea"] as? Double) ?? -1 }
            #expect(areas == areas.sorted(by: >))
            let rents = items(try await client.call("/api/v1/listings?limit=100&deal=rent&sort=price-asc").body)
            let prices = rents.compactMap { ($0["normalizedPrice"] as? [String: Any])?["value"] as? Double }
            #expect(prices == prices.sorted())
            #expect(rents.last.map { $0["normalizedPrice"] == nil } == true, "面议 comes last")
        }
    }

    @Test func facetsCountTheSameFilters() async throws {
        let f = try await fixture
        try await f.test { client in
            let page = try await client.call("/api/v1/listings?limit=1&kind=factory&facets=true").body
            let facets = try #require(page["facets"] as? [String: Any])
            let kinds = facets["kinds"] as? [[String: Any]] ?? []
            let total = try await f.count(
                "SELECT count(*)::int FROM listings WHERE status IN ('active','pending') AND kind = 'factory'")
            #expect(
                kinds.count == 1 && kinds.first?["key"] as? String == "factory"
                    && kinds.first?["count"] as? Int == total)
            #expect(kinds.first?["label"] as? String == "厂房")
            let districts = facets["districts"] as? [[String: Any]] ?? []
            #expect(districts.compactMap { $0["count"] as? Int }.reduce(0, +) == total)
            #expect(districts.allSatisfy { ($0["label"] as? String ?? "").count >= 2 })
            let deals = facets["deals"] as? [[String: Any]] ?? []
            #expect(deals.compactMap { $0["count"] as? Int }.reduce(0, +) == total)
        }
    }

    @Test(arguments: [
        ("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("sort=bogus", "sort"),
        ("kind=castle", "kind"), ("deal=swap", "deal"), ("district=atlantis", "district"),
        ("minBuildingArea=10&maxBuildingArea=5", "minBuildingArea"), ("minPrice=-1", "minPrice"),
        ("minLandArea=nan", "minLandArea"), ("near=95,10", "near"), ("near=27.8", "near"),
        ("near=27.8,%20112.9", "near"),
        ("radiusKm=5", "radiusKm"), ("near=27.8,112.9&radiusKm=0", "radiusKm"),
        ("near=27.8,112.9&radiusKm=501", "radiusKm"),
        ("sort=distance", "sort"), ("cursor=%21%21", "cursor"), ("cursor=bm90LWEtY3Vyc29y", "cursor"),
        ("standalone=maybe", "standalone"), ("park=0", "park"), ("park=99999999999", "park"),
        ("q=%21%3F", "q"), ("q=" + String(repeating: "%E5%8E%82", count: 101), "q"), ("feature=", "feature"),
        ("landAreaUnit=acre", "landAreaUnit"), ("facets=often", "facets"), ("minPowerKva=1.5", "minPowerKva"),
    ])
    func badParametersAreNamedIn400(parameters: String, field: String) async throws {
        let f = try await fixture
        try await f.test { client in
            let answer = try await client.call("/api/v1/listings?\(parameters)")
            #expect(answer.status == .badRequest, "\(parameters)")
            #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(fields(answer.body).contains(field), "\(parameters) → \(fields(answer.body))")
            #expect(answer.body["title"] as? String == "Invalid request")
        }
    }

    @Test func aCursorContinuesOnlyItsOwnSort() async throws {
        let f = try await fixture
        try await f.test { client in
            let cursor = try #require(
                try await client.call("/api/v1/listings?limit=2&sort=newest").body["nextCursor"] as? String)
            let answer = try await client.call("/api/v1/listings?limit=2&sort=price-asc&cursor=\(cursor)")
            #expect(answer.status == .badRequest && fields(answer.body) == ["cursor"])
        }
    }

    @Test func searchesCarryAnETagAndAnswer304WhenUnchanged() async throws {
        let f = try await fixture
        try await f.test { client in
            let first = try await client.call("/api/v1/listings?kind=farmland")
            let tag = try #require(first.headers[.eTag])
            let again = try await client.call("/api/v1/listings?kind=farmland", headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            let other = try await client.call("/api/v1/listings?kind=farmland", headers: [.ifNoneMatch: "W/\"other\""])
            #expect(other.status == .ok)
        }
    }
}
