import Foundation
import PostgresNIO
import Testing
import ParkDeskCore
import ParkDeskTestSupport
@testable import ParkDeskStore
import ParkDeskSeed

@Suite struct PlaceStoreTests {
    /// Public pages see a park as read at most 30 s ago; staff reads are exact.
    @Test func publicParksAreReadOnceThenKeptWhileStaffReadsAreExact() async throws {
        let config = try await TestDatabase.shared.fresh("parks")
        try await withClient(config) { client in
            _ = try await Database(client: client, logger: TestDatabase.logger).demoData.load(actor: "test")
            let places = Database(client: client, logger: TestDatabase.logger).places
            let exact = try await places.park("湘潭经开区")
            let shown = try await places.publicPark(id: exact.id)
            #expect(shown == exact && shown.activeListings > 0)
            try await client.query("UPDATE listings SET status = 'withdrawn' WHERE park_id = \(exact.id)")
            #expect(try await places.publicPark(id: exact.id).activeListings == exact.activeListings)
            #expect(try await places.park(String(exact.id)).activeListings == 0)
            await #expect(throws: NotFound.self) { try await places.publicPark(id: 999_999) }
        }
    }
}
