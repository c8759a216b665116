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

/// A public detail from kept JSON decodes to exactly what the generated types give for the same listing, cold and
/// warm, and never shows a listing older than its row, district or park.
@Suite struct DetailFragmentsTests {
    /// The detail from `details` and the one the generated types give: equal decoded and as JSON trees.
    @discardableResult
    static func expectSame(
        _ ref: String, _ details: DetailFragments, _ database: Database
    ) async throws -> Components.Schemas.ListingDetail {
        let kept = Data(try await details.detail(ref: ref, shownAs: ref, reads: PublicReads(database)))
        let listing = try await database.listings.find(ref: ref)
        let park = try await listing.parkID.asyncMap { try await database.places.publicPark(id: $0) }
        let generated = try StreamingJSONEncoderTests.runtimeBytes(
            try ListingMapping.detail(listing.forThePublic, park: park, history: nil))
        return try StreamingJSONEncoderTests.expectEqualJSON(Components.Schemas.ListingDetail.self, kept, generated)
    }

    @Test func everyDetailDecodesAsTheGeneratedTypesWroteItColdAndWarm() async throws {
        try await APIFixture.withAwkwardAndSynthetic("details-equal", count: 60, seed: 5) { database in
            let details = DetailFragments()
            let refs = try await database.listings.publicRefs(limit: 200)
            #expect(refs.count > 40)
            for _ in 0..<2 {  // the second time from kept JSON
                for ref in refs { try await Self.expectSame(ref, details, database) }
            }
            #expect(details.kept.count == refs.count)
        }
    }

    @Test func aChangedListingOrParkIsReadAgainAndAWithdrawnOneIsGone() async throws {
        try await APIFixture.withParkedListing("details-fresh") { listing, client, database in
            let details = DetailFragments(capacity: 3)
            #expect(try await Self.expectSame(listing.ref, details, database).value1.title == "旧标题厂房")
            var patch = ListingDraft()
            patch.title = "新标题厂房"
            _ = try await database.listings.update(ref: listing.ref, patch: patch, expectedVersion: nil, actor: "t")
            #expect(try await Self.expectSame(listing.ref, details, database).value1.title == "新标题厂房")
            try await client.query("UPDATE listings SET description = '直接改的' WHERE ref = \(listing.ref)")
            #expect(try await Self.expectSame(listing.ref, details, database).value2.description == "直接改的")
            let parkID = try #require(listing.parkID)
            try await client.query("UPDATE parks SET name = '天易经开区(新)' WHERE id = \(parkID)")
            #expect(try await Self.expectSame(listing.ref, details, database).value1.park?.name == "天易经开区(新)")
            _ = try await database.listings.changeStatus(ref: listing.ref, to: .withdrawn, note: "撤回", actor: "t")
            await #expect(throws: Problem.self) {
                try await details.detail(ref: listing.ref, shownAs: listing.ref, reads: PublicReads(database))
            }
            await #expect(throws: NotFound.self) {
                try await details.detail(ref: "XT-2026-999999", shownAs: "XT-2026-999999", reads: PublicReads(database))
            }
        }
    }
}
