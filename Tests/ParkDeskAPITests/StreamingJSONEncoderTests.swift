import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import OpenAPIRuntime
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskSeed
import ParkDeskStore
import ParkDeskTestSupport
import Testing

@testable import ParkDeskAPI
@testable import ParkDeskApp

/// The hot answers written by `StreamingJSONEncoder` decode to exactly what the runtime's `JSONEncoder` gives for
/// the same generated values: over the demo listings (every kind), 400 synthetic ones, and listings with nulls,
/// quotes, backslashes, control characters, astral characters and extreme numbers.
@Suite struct StreamingJSONEncoderTests {
    /// The runtime's encoder as the server configures it (sorted keys, dates through the transcoder).
    static func runtimeBytes(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(try UTCDateTranscoder().encode(date))
        }
        return try encoder.encode(value)
    }

    static func decoded<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: data)
    }

    /// Both encodings of `value`: equal once decoded, and equal as JSON trees (so nulls and absent keys agree too).
    static func expectSame<T: Codable & Equatable>(_ value: T) throws {
        try expectEqualJSON(T.self, Data(try StreamingJSONEncoder.api.encode(value)), try runtimeBytes(value))
    }

    /// `ours` and `runtime` decode to equal `T`s and are equal JSON trees; returns the decoded value.
    @discardableResult
    static func expectEqualJSON<T: Decodable & Equatable>(_ type: T.Type, _ ours: Data, _ runtime: Data) throws -> T {
        let value = try decoded(T.self, ours)
        #expect(value == (try decoded(T.self, runtime)))
        let tree = { (data: Data) in try JSONSerialization.jsonObject(with: data) as? NSDictionary }
        #expect(try tree(ours) == tree(runtime), "\(String(decoding: ours, as: UTF8.self).prefix(400))")
        return value
    }

    @Test func everyListingOnAPageDecodesAsTheRuntimeWroteIt() async throws {
        try await APIFixture.withAwkwardAndSynthetic("streamed-json", count: 400, seed: 7) { database in
            var query = ListingQuery()
            query.limit = 100
            query.facets = true
            var pages = 0
            while pages < 6 {
                let page = try await database.search.search(query, publicOnly: false)
                try Self.expectSame(try ListingMapping.page(page, query))
                for summary in page.items.prefix(5) {
                    let listing = try await database.listings.find(ref: summary.ref)
                    try Self.expectSame(try ListingMapping.detail(listing, park: nil, history: nil))
                }
                guard let next = page.nextCursor else { break }
                query.cursor = next
                query.facets = false
                pages += 1
            }
            #expect(pages >= 4)
        }
    }

    /// Text and numbers no listing may hold (validation refuses control characters), as any generated type may.
    @Test func controlCharactersNumbersAndDatesDecodeAsTheRuntimeWroteThem() throws {
        struct Sample: Codable, Equatable {
            var text: String
            var numbers: [Double]
            var integers: [Int64]
            var flags: [Bool]
            var date: Date
            var absent: String?
            var counts: [String: Int]
        }
        try Self.expectSame(
            Sample(
                text: "\u{0}\u{1}\u{8}\u{C}\u{1F}\r\n\t\"\\/ 厂房 🏭 𠀀",
                numbers: [0, -0.5, 1e-7, 4000.5, 1e15, 1.7976931348623157e308],
                integers: [Int64.min, -1, 0, Int64.max], flags: [true, false],
                date: Date(timeIntervalSince1970: 1_764_403_200), absent: nil, counts: ["湘潭县": 3, "b": 0]))
    }

    @Test func theSearchAnswerHasItsLengthAndETag() async throws {
        let f = try await APIFixture.make("streamed-http")
        try await f.test { client in
            try await client.execute(uri: "/api/v1/listings?facets=true&limit=3", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == String(response.body.readableBytes))
                // the hash of the bytes: W/"<24 hex digits>"
                let tag = try #require(response.headers[.eTag])
                #expect(tag.wholeMatch(of: /W\/"[0-9a-f]{24}"/) != nil, "\(tag)")
                let page = try Self.decoded(Components.Schemas.ListingPage.self, Data(buffer: response.body))
                #expect(page.items.count == 3 && page.nextCursor != nil && page.facets != nil)
            }
        }
    }
}
