import Foundation
public import ParkDeskCluster
import ParkDeskStore
public import PostgresNIO

/// A primary and a hot standby of it (`pg_basebackup -R`), each a throwaway cluster of its own, with one migrated
/// database `parkdesk`: for tests of public reads on a replica.
public struct TestReplicaPair: Sendable {
    public let primary: LocalCluster
    public let standby: LocalCluster
    public static let database = "parkdesk"

    /// Creates and starts both; the standby has caught up with the migrated database when this returns.
    public static func start(_ name: String) async throws -> TestReplicaPair {
        let folder = NSTemporaryDirectory() + "parkdesk-\(name)-\(UUID().uuidString.prefix(8))"
        let primary = try LocalCluster(
            requestedDirectory: folder + "/primary/pgdata", binaries: try PostgresBinaries.locate(),
            settings: ["fsync": "off", "synchronous_commit": "off"], logger: TestDatabase.logger)
        try primary.start()
        TestClusterReaper.register(primary)
        try await primary.createDatabaseIfMissing(database, logger: TestDatabase.logger)
        _ = try await withClient(primary.address(database: database).configuration) {
            try await Migrator(logger: TestDatabase.logger).migrate($0)
        }
        let standby = try primary.standby(in: folder + "/standby/pgdata", port: 5433)
        try standby.start()
        TestClusterReaper.register(standby)
        let pair = TestReplicaPair(primary: primary, standby: standby)
        try await pair.waitForStandby()
        return pair
    }

    public var primaryConfiguration: PostgresClient.Configuration {
        primary.address(database: Self.database).configuration
    }
    public var standbyConfiguration: PostgresClient.Configuration {
        standby.address(database: Self.database).configuration
    }

    /// Runs `sql` on the standby (`SELECT pg_wal_replay_pause()` holds its replay where it is).
    public func onStandby(_ sql: PostgresQuery) async throws {
        try await withClient(standby.address(database: "postgres").configuration) { _ = try await $0.query(sql) }
    }

    /// Stops the standby (fast shutdown: its sessions end at once).
    public func stopStandby() throws { try standby.stop() }

    /// Starts the standby again; it catches up from the primary by itself.
    public func startStandby() throws { try standby.start() }

    /// Waits until the standby accepts connections to the database.
    public func waitForStandby() async throws {
        for _ in 0..<300 {
            let answers = try? await withClient(standbyConfiguration) { client in
                _ = try await client.query("SELECT 1")
            }
            if answers != nil { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CancellationError()
    }
}
