import Foundation
import HTTPTypes
import NIOCore
import NIOFoundationCompat
import HummingbirdTesting
@_spi(Generated) import OpenAPIRuntime
import ParkDeskOpenAPI
import Testing

@testable import ParkDeskAPI
@testable import ParkDeskApp

/// `SearchQueryReader` reads a query string exactly as the generated server does, or leaves it to the generated
/// server: over fixed cases and thousands of generated query strings, whatever it reads equals what the generated
/// decoder gives, and whatever the generated decoder refuses it leaves alone.
@Suite struct SearchQueryReaderTests {
    /// The generated server's reading of the public search's query (the calls of its `searchListings`).
    static func generated(_ raw: Substring?) throws -> Operations.SearchListings.Input.Query {
        let converter = Converter(configuration: .init(dateTranscoder: UTCDateTranscoder()))
        func item<T: Decodable>(_ name: String, _ type: T.Type = T.self) throws -> T? {
            try converter.getOptionalQueryItemAsURI(in: raw, style: .form, explode: true, name: name, as: T.self)
        }
        return .init(
            kind: try item("kind"), deal: try item("deal"), district: try item("district"), park: try item("park"),
            status: try item("status"), minBuildingArea: try item("minBuildingArea"),
            maxBuildingArea: try item("maxBuildingArea"), minLandArea: try item("minLandArea"),
            maxLandArea: try item("maxLandArea"), landAreaUnit: try item("landAreaUnit"),
            minPrice: try item("minPrice"), maxPrice: try item("maxPrice"), minCraneTons: try item("minCraneTons"),
            minClearHeight: try item("minClearHeight"), minPowerKva: try item("minPowerKva"),
            standalone: try item("standalone"), singleStorey: try item("singleStorey"), feature: try item("feature"),
            q: try item("q"), near: try item("near"), radiusKm: try item("radiusKm"), sort: try item("sort"),
            cursor: try item("cursor"), limit: try item("limit"), facets: try item("facets"),
            interpret: try item("interpret"), drop: try item("drop"))
    }

    /// Read here only what the generated server reads, and then the same.
    static func expectAgreement(_ raw: String?) {
        let fast = SearchQueryReader.input(raw.map { $0[...] })
        let slow = try? generated(raw.map { $0[...] }).searchInput()
        if let fast {
            // as text, so that NaN (which the runtime reads too; validation refuses it) equals NaN
            #expect(String(describing: Optional(fast)) == String(describing: slow), "\(raw ?? "nil")")
        }
    }

    static let fixed: [String?] = [
        nil, "", "q=%E5%8E%82%E6%88%BF", "q=a+b", "q=a%2Bb", "q=%E5%8E%82+%E6%88%BF&district=yuhu",
        "kind=factory&kind=warehouse", "kind=factory,warehouse", "kind=Factory", "deal=rent&deal=sale", "deal=",
        "limit=20", "limit=+20", "limit=020", "limit=2e1", "limit=-1", "limit=99999999999999999999", "park=0x10",
        "minBuildingArea=1e3", "minBuildingArea=0x10", "minBuildingArea=.5", "minBuildingArea=5.",
        "minBuildingArea=nan", "minBuildingArea=inf", "minBuildingArea=-0", "minBuildingArea=%201",
        "radiusKm=5e-324", "facets=true", "facets=TRUE", "facets=1", "standalone=false", "feature=%E7%8B%AC",
        "feature=a&feature=b&feature=a", "sort=price-asc", "sort=price_asc", "near=27.86,112.90&radiusKm=10",
        "q=%FF", "q=%E5%8E", "q=%", "q=%2", "q=%zz", "q", "q=a&", "&q=a", "q=a&&deal=rent", "=a", "q==a",
        "utm_source=wechat&q=a", "%71=a", "q%3Da=1", "status=active&status=pending", "status=draft",
        "landAreaUnit=mu", "landAreaUnit=acre", "cursor=MXxuZXdlc3R8MjAyNi0wMS0wMVQwMDowMDowMC4wMDAwMDBafDE",
        "q=%00", "q=%0A", "district=xiangtan-county&district=yuhu", "district=nowhere", "minPowerKva=1.5",
    ]

    @Test(arguments: fixed) func fixedCasesAgree(raw: String?) {
        Self.expectAgreement(raw)
    }

    @Test func theCommonSearchesAreReadHere() throws {
        for raw in [
            "q=%E5%8E%82%E6%88%BF", "deal=rent&sort=price-asc",
            "district=xiangtan-county&kind=factory&minBuildingArea=1000&maxBuildingArea=5000",
            "near=27.86,112.90&radiusKm=10&sort=distance", "minCraneTons=16&district=xiangtan-etdz&kind=factory",
        ] {
            let read = try #require(SearchQueryReader.input(raw[...]), "\(raw)")
            #expect(read == (try Self.generated(raw[...]).searchInput()))
        }
        #expect(SearchQueryReader.input(nil) == (try Self.generated(nil).searchInput()))
    }

    @Test func generatedQueryStringsAgree() {
        var random = SystemRandomNumberGenerator()
        let names = [
            "kind", "deal", "district", "park", "status", "minBuildingArea", "maxBuildingArea", "minLandArea",
            "maxLandArea", "landAreaUnit", "minPrice", "maxPrice", "minCraneTons", "minClearHeight", "minPowerKva",
            "standalone", "singleStorey", "feature", "q", "near", "radiusKm", "sort", "cursor", "limit", "facets",
            "interpret", "drop", "other", "Q", "%71", "",
        ]
        let values = [
            "factory", "warehouse", "land", "rent", "sale", "yuhu", "xiangtan-county", "active", "pending", "draft",
            "mu", "m2", "price-asc", "newest", "distance", "true", "false", "True", "1", "0", "-1", "+3", "1e3",
            "0x1F", "12.5", ".5", "1_000", "inf", "nan", "9223372036854775808", "27.86,112.90", "%E5%8E%82%E6%88%BF",
            "a+b", "%2B", "%20", "%", "%E5", "%FF", "%zz", "=", "", "厂房", "a,b", "%26", "%3D", "crane",
            "feature:%E7%8B%AC",
        ]
        var agreed = 0
        for _ in 0..<4_000 {
            let pairs = (0..<Int.random(in: 0...5, using: &random)).map { _ -> String in
                let name = names.randomElement(using: &random)!
                switch Int.random(in: 0..<10, using: &random) {
                case 0: return name
                case 1: return ""
                default: return name + "=" + values.randomElement(using: &random)!
                }
            }
            let raw = pairs.joined(separator: "&")
            Self.expectAgreement(raw)
            if SearchQueryReader.input(raw[...]) != nil { agreed += 1 }
        }
        // Most generated strings are malformed on purpose; enough are read here to make the comparison count.
        #expect(agreed > 300)
    }

    @Test func plainSearchesAndDetailsSkipTheGeneratedServerAndAnswerAlike() async throws {
        let f = try await APIFixture.make("hot-reads")
        try await f.test { client in
            let ref = try #require(
                items(try await client.call("/api/v1/listings?limit=1").body).first?["ref"] as? String)
            for (uri, isPage) in [
                ("/api/v1/listings?q=%E5%8E%82%E6%88%BF&limit=5", true), ("/api/v1/listings/\(ref)", false),
            ] {
                // the same answer through this middleware (no Accept) and through the generated server (an Accept
                // this middleware leaves to it): the same values, written by our writer or by the runtime's
                let plain = try await client.execute(uri: uri, method: .get) { $0 }
                let viaGenerated = try await client.execute(
                    uri: uri, method: .get, headers: [.accept: "application/json, text/plain"]
                ) { $0 }
                #expect(plain.status == .ok && viaGenerated.status == .ok)
                #expect(plain.headers[.contentType] == viaGenerated.headers[.contentType])
                #expect(plain.headers[.contentLength] == String(plain.body.readableBytes))
                let (ours, runtime) = (Data(buffer: plain.body), Data(buffer: viaGenerated.body))
                if isPage {
                    try StreamingJSONEncoderTests.expectEqualJSON(Components.Schemas.ListingPage.self, ours, runtime)
                } else {
                    try StreamingJSONEncoderTests.expectEqualJSON(Components.Schemas.ListingDetail.self, ours, runtime)
                }
            }
            // bad input read here is named as the generated path names it
            let tooMany = try await client.call("/api/v1/listings?limit=1000")
            #expect(tooMany.status == .badRequest && fields(tooMany.body) == ["limit"])
            let badRef = try await client.call("/api/v1/listings/nope")
            #expect(badRef.status == .badRequest && fields(badRef.body) == ["ref"])
            let missing = try await client.call("/api/v1/listings/XT-2026-999999")
            #expect(missing.status == .notFound)
        }
    }
}
