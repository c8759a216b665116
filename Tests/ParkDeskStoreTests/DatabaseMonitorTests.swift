import Foundation
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Overload is not an outage (issue 29): under 256 connections of search the readiness probe waited for a pooled
/// connection past its time limit, the database was marked away and most answers became 503.
@Suite struct DatabaseMonitorTests {
    @Test func aProbeThatWaitsBehindBusyConnectionsLeavesTheDatabaseAvailable() async throws {
        var config = try await TestDatabase.shared.fresh("monitorbusy")
        config.options.maximumConnections = 1
        try await withClient(config) { client in
            let monitor = DatabaseMonitor(client: client, logger: TestDatabase.logger, timeout: .milliseconds(300))
            // 150 statements of 20 ms queued for the pool's one connection: the probe waits behind them past its
            // limit while they are answered one after another
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<150 {
                    group.addTask { try await client.run("SELECT pg_sleep(0.02)", logger: TestDatabase.logger) }
                }
                try await Task.sleep(for: .milliseconds(100))
                for _ in 0..<3 {
                    let started = ContinuousClock.now
                    #expect(await monitor.check(), "a busy pool is not an absent database")
                    #expect(ContinuousClock.now - started >= .milliseconds(300), "the probe did wait behind them")
                    #expect(monitor.unavailableReason == nil)
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func anAbsentDatabaseIsAway() async throws {
        let absent = PostgresClient.Configuration(
            unixSocketPath: NSTemporaryDirectory() + "parkdesk-nobody-\(UUID().uuidString.prefix(8))",
            username: "postgres", password: nil, database: "none")
        try await withClient(absent) { client in
            let monitor = DatabaseMonitor(client: client, logger: TestDatabase.logger, timeout: .milliseconds(500))
            #expect(await monitor.check() == false)
            #expect(monitor.unavailableReason != nil)
        }
    }
}
