import ParkDeskCore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Core's `next` lists and the SQL transition tables (enforced by triggers) say the same.
@Suite struct StatusTransitionTests {
    func table(_ name: PostgresQuery) async throws -> Set<String> {
        let config = try await TestDatabase.shared.fresh("transitions")
        return try await withClient(config) { client in
            var moves = Set<String>()
            for try await (from, to) in try await client.query(name).decode((String, String).self) {
                moves.insert("\(from)→\(to)")
            }
            return moves
        }
    }

    @Test func listingStatusMovesMatchTheTable() async throws {
        let sql = try await table("SELECT from_status::text, to_status::text FROM listing_status_transitions")
        let core = Set(ListingStatus.allCases.flatMap { from in from.next.map { "\(from.rawValue)→\($0.rawValue)" } })
        #expect(core == sql)
        #expect(!core.isEmpty)
    }

    @Test func leadStatusMovesMatchTheTable() async throws {
        let sql = try await table("SELECT from_status::text, to_status::text FROM lead_status_transitions")
        let core = Set(LeadStatus.allCases.flatMap { from in from.next.map { "\(from.rawValue)→\($0.rawValue)" } })
        #expect(core == sql)
        #expect(!core.isEmpty)
    }
}
