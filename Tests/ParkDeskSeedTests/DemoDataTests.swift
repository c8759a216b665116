import Foundation
import ParkDeskStore
import ParkDeskSeed
import ParkDeskTestSupport
import ParkDeskCore
import PostgresNIO
import Synchronization
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

/// Synthetic data for benchmarks: as many rows as asked, the same ones for the same seed, every lead with its
/// first inquiry and history entry, mobiles unique across repeated seeding.
@Suite struct SyntheticDataTests {
    @Test func syntheticListingsAndLeadsAreCompleteAndRepeatable() async throws {
        let config = try await TestDatabase.shared.fresh("synthetic")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            let totals = Counter()
            let listings = try await database.syntheticListings.load(
                count: 12_345, seed: 3, actor: "test", progress: { totals.add($0) })
            #expect(listings == 12_345)
            #expect(totals.values == [10_000, 12_345], "progress after each batch of 10,000")
            let leads = try await database.syntheticLeads.load(count: 300, seed: 3, actor: "test")
            let more = try await database.syntheticLeads.load(count: 200, seed: 3, actor: "test")
            #expect(leads == 300 && more == 200)
            let counts = try await Self.one(
                client,
                """
                SELECT concat_ws(' ', count(*), count(DISTINCT mobile),
                       (SELECT count(DISTINCT lead_id) FROM lead_inquiries),
                       (SELECT count(*) FROM lead_history WHERE event = 'created'))
                FROM leads
                """, as: String.self)
            #expect(counts == "500 500 500 500", "leads, mobiles, leads with an inquiry, created entries")
            // the same seed, the same listings
            let again = try await TestDatabase.shared.fresh("synthetic-again")
            let first = try await Self.firstTitles(client)
            try await withClient(again) { other in
                _ = try await Database(client: other, logger: TestDatabase.logger).syntheticListings.load(
                    count: 50, seed: 3, actor: "test")
                let same = try await Self.firstTitles(other)
                #expect(same == first)
            }
        }
    }

    @Test func aCountOutOfRangeIsRefusedAndLoadsNothing() async throws {
        let config = try await TestDatabase.shared.fresh("synthetic-bad")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            await #expect(throws: ValidationFailed.self) {
                _ = try await database.syntheticListings.load(count: -1, seed: 1, actor: "test")
            }
            await #expect(throws: ValidationFailed.self) {
                _ = try await database.syntheticLeads.load(count: 10_000_001, seed: 1, actor: "test")
            }
            let loaded = try await database.syntheticListings.load(count: 0, seed: 1, actor: "test")
            let stored = try await Self.one(client, "SELECT count(*)::int FROM listings", as: Int.self)
            #expect(loaded == 0 && stored == 0)
        }
    }

    static func firstTitles(_ client: PostgresClient) async throws -> String {
        try await one(client, "SELECT string_agg(title, '|' ORDER BY id) FROM listings WHERE id <= 50", as: String.self)
    }

    static func one<T: PostgresDecodable & Sendable>(
        _ client: PostgresClient, _ sql: PostgresQuery, as: T.Type
    ) async throws -> T {
        for try await value in try await client.query(sql).decode(T.self) { return value }
        throw CancellationError()
    }
}

/// Progress reports, in the order heard.
final class Counter: Sendable {
    private let heard = Mutex<[Int]>([])
    func add(_ value: Int) { heard.withLock { $0.append(value) } }
    var values: [Int] { heard.withLock { $0 } }
}
