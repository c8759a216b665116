import Foundation
import ParkDeskTestSupport
import PostgresNIO
import Synchronization
import Testing

@testable import ParkDeskStore

/// Overload is not an outage (issue 29): under 256 connections of search the readiness probe waited for a pooled
/// connection past its time limit, the database was marked away and most answers became 503.
@Suite struct DatabaseMonitorTests {
    @Test func aProbeThatWaitsBehindBusyConnectionsLeavesTheDatabaseAvailable() async throws {
        var config = try await TestDatabase.shared.fresh("monitorbusy")
        config.options.maximumConnections = 1
        try await withClient(config) { client in
            let monitor = DatabaseMonitor(client: client, logger: TestDatabase.logger, timeout: .seconds(1))
            // the pool's one connection open first (on a busy machine that alone may take longer than the limit)
            try await client.run("SELECT 1", logger: TestDatabase.logger)
            let done = Counter()
            // 600 statements of 20 ms queued for it: each probe waits behind them past its limit while they are
            // answered one after another (the monitor starts with the database available and a busy probe keeps
            // that; an idle probe is not checked here: on a machine loaded enough even it can take a second)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<600 {
                    group.addTask {
                        try await client.run("SELECT pg_sleep(0.02)", logger: TestDatabase.logger)
                        done.add()
                    }
                }
                // the queue is being worked through: the probes come after most of it
                while done.value < 5 { try await Task.sleep(for: .milliseconds(10)) }
                for _ in 0..<3 {
                    let started = ContinuousClock.now
                    #expect(await monitor.check(), "a busy pool is not an absent database")
                    #expect(ContinuousClock.now - started >= .seconds(1), "the probe did wait behind them")
                    #expect(monitor.unavailableReason == nil)
                }
                try await group.waitForAll()
            }
        }
    }

    /// Statements answered so far.
    final class Counter: Sendable {
        private let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
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
