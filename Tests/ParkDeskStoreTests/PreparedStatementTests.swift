import Foundation
import ParkDeskCore
@testable import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The listing-by-ref statements run prepared: they answer like plain statements, on every pooled connection, and
/// after the table they read has changed shape.
@Suite struct PreparedStatementTests {
    @Test func aFragmentsTextIsTheTextItsQueryIsPreparedFrom() throws {
        let kind = "factory"
        let fragment: SQL = "SELECT 1 FROM listings WHERE kind = \(kind)::listing_kind AND ref = \("X") AND id > \(3)"
        #expect(fragment.text == (try fragment.query().sql))
        #expect(fragment.text.hasSuffix("kind = $1::listing_kind AND ref = $2 AND id > $3"))
        #expect(PublicChangeTokenStatement.sql.contains("l.ref = $1"))
    }

    @Test func theTokenLookupFollowsTheListingOnEveryConnectionAndAfterTheTableChanges() async throws {
        let config = try await TestDatabase.shared.fresh("prepared_token")
        try await withClient(config) { client in
            let listings = Database(client: client, logger: TestDatabase.logger).listings
            var draft = ListingDraft()
            (draft.kind, draft.deal, draft.district, draft.buildingArea) = (.factory, .rent, "湘潭县", 2000)
            (draft.priceAmount, draft.priceUnit, draft.title) = (10, .yuanPerM2Month, "预备语句厂房")
            let shown = try await listings.create(draft, status: .active, actor: "t")
            let hidden = try await listings.create(draft, status: .draft, actor: "t")
            // more lookups at once than one connection serves: each pooled connection prepares it once
            let tokens = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<40 {
                    let ref = index.isMultiple(of: 2) ? shown.ref : shown.ref.lowercased()
                    group.addTask { try await listings.publicChangeToken(ref: ref)?.token }
                }
                return try await group.reduce(into: Set<String?>()) { $0.insert($1) }
            }
            #expect(tokens.count == 1 && tokens.first! != nil)
            #expect(try await listings.publicChangeToken(ref: hidden.ref) == nil)
            #expect(try await listings.publicChangeToken(ref: "XT-0000-000000") == nil)

            _ = try await client.query("ALTER TABLE listings ADD COLUMN prepared_probe int")
            var patch = ListingDraft()
            patch.title = "改名后的厂房"
            let renamed = try await listings.update(
                ref: shown.ref, patch: patch, expectedVersion: shown.version, actor: "t")
            for _ in 0..<12 {
                let after = try await listings.publicChangeToken(ref: shown.ref)
                #expect(after != nil && after?.token != tokens.first!)
                #expect(after?.parkID == renamed.parkID)
                // the whole listing by ref, prepared too: current after the change, in any case of the ref
                #expect(try await listings.find(ref: shown.ref.lowercased()).fields.title == "改名后的厂房")
            }
            #expect(try await listings.find(ref: hidden.ref).status == .draft)
            await #expect(throws: NotFound.self) { try await listings.find(ref: "XT-0000-000000") }
            _ = try await listings.changeStatus(ref: shown.ref, to: .withdrawn, note: "t", actor: "t")
            #expect(try await listings.publicChangeToken(ref: shown.ref) == nil)
        }
    }
}
