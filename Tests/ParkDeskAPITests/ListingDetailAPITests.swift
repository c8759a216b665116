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

/// Listing detail, parks, districts and enumerations: the public read endpoints.
@Suite struct ListingDetailAPITests {
    static let shared = Task { try await APIFixture.make("detail") }

    var fixture: APIFixture { get async throws { try await Self.shared.value } }

    @Test func detailCarriesEveryFieldWithChineseLabelsMediaAndPark() async throws {
        let f = try await fixture
        let listing = try await f.listing { d in
            d.title = "易俗河重工厂房4000平米独栋单层出租,行车16吨 🏭"; d.park = "湘潭天易经开区"; d.town = "易俗河镇"
            d.buildingArea = Decimal(string: "4000.5"); d.craneTons = 16; d.craneCount = 2; d.fireRating = .c
            d.clearHeight = 12; d.features = ["独门独院", "𠀋字号"]; d.ownerType = .owner
            d.media = [
                MediaItem(kind: .photo, url: "https://img.example.cn/a.jpg", caption: "外景"),
                MediaItem(kind: .floorPlan, url: "https://img.example.cn/b.png"),
            ]
        }
        try await f.test { client in
            let answer = try await client.call("/api/v1/listings/\(listing.ref)")
            #expect(answer.status == .ok)
            let d = answer.body
            #expect(d["ref"] as? String == listing.ref)
            #expect(d["title"] as? String == "易俗河重工厂房4000平米独栋单层出租,行车16吨 🏭")
            #expect(d["kindLabel"] as? String == "厂房" && d["dealLabel"] as? String == "出租")
            #expect(d["fireRating"] as? String == "C" && d["fireRatingLabel"] as? String == "丙")
            #expect(d["ownerTypeLabel"] as? String == "业主自建")
            #expect(d["buildingArea"] as? Double == 4000.5)
            #expect((d["crane"] as? [String: Any])?["count"] as? Int == 2)
            #expect(d["features"] as? [String] == ["独门独院", "𠀋字号"])
            #expect((d["district"] as? [String: Any])?["key"] as? String == "xiangtan-county")
            #expect((d["parkDetail"] as? [String: Any])?["name"] as? String == "湘潭天易经开区")
            #expect(d["coverPhoto"] as? String == "https://img.example.cn/a.jpg")
            let media = d["media"] as? [[String: Any]] ?? []
            #expect(media.map { $0["kindLabel"] as? String } == ["照片", "平面图"])
            #expect((d["price"] as? [String: Any])?["text"] as? String == "10 元/㎡/月")
            #expect(d["contactPhone"] as? String == "400 0123 021")
            #expect(d["history"] == nil, "the public does not see the status history")
        }
    }

    @Test func draftsAreNotFoundAndMalformedRefsAreBadRequests() async throws {
        let f = try await fixture
        let draft = try await f.listing({ $0.title = "未发布草稿" }, status: .draft)
        try await f.test { client in
            #expect(try await client.call("/api/v1/listings/\(draft.ref)").status == .notFound)
            let unknown = try await client.call("/api/v1/listings/XT-2026-999999")
            #expect(
                unknown.status == .notFound
                    && unknown.body["type"] as? String == "https://parkdesk.invalid/problems/not-found")
            let malformed = try await client.call("/api/v1/listings/drop%20table")
            #expect(malformed.status == .badRequest && fields(malformed.body) == ["ref"])
        }
    }

    @Test func parksWithListingCountsAndNotFound() async throws {
        let f = try await fixture
        try await f.test { client in
            let parks = items(try await client.call("/api/v1/parks").body)
            #expect(parks.count >= 5)
            let etdz = try #require(parks.first { $0["name"] as? String == "湘潭经开区" })
            let id = try #require(etdz["id"] as? Int)
            let expected = try await f.count(
                "SELECT count(*)::int FROM listings WHERE park_id = \(id) AND status IN ('active','pending')")
            #expect(etdz["activeListings"] as? Int == expected)
            let one = try await client.call("/api/v1/parks/\(id)")
            #expect(one.status == .ok && (one.body["district"] as? [String: Any])?["name"] as? String == "湘潭经开区")
            #expect((one.body["location"] as? [String: Any])?["latitude"] as? Double == 27.9572)
            #expect(try await client.call("/api/v1/parks/999999").status == .notFound)
            #expect(try await client.call("/api/v1/parks/abc").status == .badRequest)
            #expect(try await client.call("/api/v1/parks/0").status == .badRequest)
        }
    }

    @Test func districtsAreTheDocumentsDistrictKeys() async throws {
        let f = try await fixture
        try await f.test { client in
            let districts = items(try await client.call("/api/v1/districts").body)
            #expect(districts.count == 20)
            let county = try #require(districts.first { $0["key"] as? String == "xiangtan-county" })
            #expect(
                county["name"] as? String == "湘潭县"
                    && (county["aliases"] as? [String])?.prefix(3) == ["易俗河", "易俗河镇", "天易"])
            #expect(county["cityName"] as? String == "湘潭市")
            let documented = try OpenAPIContract.enumValues("DistrictKey")
            #expect(Set(districts.compactMap { $0["key"] as? String }) == Set(documented))
        }
    }

    @Test func enumsListEveryValueWithItsLabel() async throws {
        let f = try await fixture
        try await f.test { client in
            let enums = items(try await client.call("/api/v1/meta/enums").body)
            let kind = try #require(enums.first { $0["name"] as? String == "ListingKind" })
            let values = kind["values"] as? [[String: Any]] ?? []
            #expect(values.count == ListingKind.allCases.count)
            #expect(values.first?["label"] as? String == "厂房")
            #expect(
                Set(enums.compactMap { $0["name"] as? String }).isSuperset(of: [
                    "DealType", "ListingStatus", "PriceUnit", "ListingSort",
                ]))
        }
    }

    @Test func readsAnswer304ForTheirETag() async throws {
        // Its own database: the parks' listing counts are in the body the ETag hashes.
        let f = try await APIFixture.make("etag304")
        try await f.test { client in
            for path in ["/api/v1/parks", "/api/v1/districts", "/api/v1/meta/enums"] {
                let first = try await client.call(path)
                let tag = try #require(first.headers[.eTag], "\(path)")
                #expect(try await client.call(path, headers: [.ifNoneMatch: tag]).status == .notModified)
                #expect(try await client.call(path, headers: [.ifNoneMatch: "*"]).status == .notModified)
            }
        }
    }
}
