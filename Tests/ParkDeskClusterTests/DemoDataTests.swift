import Foundation
import ParkDeskStore
import ParkDeskSeed
import ParkDeskTestSupport
import PostgresNIO
import Testing

@Suite struct DemoDataTests {
    /// Two `serve --demo` starting together on a fresh database: one loads, the other finds it loaded.
    @Test func loadingTheDemoTwiceAtOnceLoadsItOnce() async throws {
        let config = try await TestDatabase.shared.fresh("demo-twice")
        let results = try await withClient(config) { client in
            try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await Database(client: client, logger: TestDatabase.logger).demoData.loadIntoEmpty(
                            actor: "test")
                    }
                }
                return try await group.reduce(into: [Int?]()) { $0.append($1) }
            }
        }
        #expect(results.compactMap { $0 }.count == 1)
        let counts = try await withClient(config) { client in
            for try await (parks, listings, titles) in try await client.query(
                "SELECT (SELECT count(*)::int FROM parks), count(*)::int, count(DISTINCT title)::int FROM listings"
            ).decode((Int, Int, Int).self) { return (parks, listings, titles) }
            return (0, 0, 0)
        }
        #expect(counts.0 == 16)  // the region's parks, from the migrations
        #expect(counts.1 == counts.2 && counts.1 > 0)
        let again = try await withClient(config) { client in
            try await Database(client: client, logger: TestDatabase.logger).demoData.load(actor: "test")
        }
        #expect(again == 0)
    }
}
