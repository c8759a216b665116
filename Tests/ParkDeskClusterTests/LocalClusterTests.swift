import Foundation
import Logging
import Testing
import PostgresNIO
import ParkDeskStore
import ParkDeskCluster
import ParkDeskTestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct LocalClusterTests {
    func makeCluster() throws -> LocalCluster {
        try LocalCluster(
            requestedDirectory: NSTemporaryDirectory() + "parkdesk-lc-\(UUID().uuidString.prefix(8))/pgdata",
            binaries: try PostgresBinaries.locate(), settings: ["fsync": "off"], logger: TestDatabase.logger)
    }

    func canQuery(_ cluster: LocalCluster) async throws -> Bool {
        try await withClient(cluster.address(database: "postgres").configuration) { client in
            let rows = try await client.query("SELECT 1")
            for try await one in rows.decode(Int.self) { return one == 1 }
            return false
        }
    }

    @Test func createsStartsReusesAndStops() async throws {
        let cluster = try makeCluster()
        defer { try? cluster.stop() }
        #expect(try cluster.start())
        #expect(cluster.isRunning)
        #expect(FileManager.default.fileExists(atPath: cluster.socketPath))
        #expect(try await canQuery(cluster))
        #expect(try cluster.start() == false)  // already running: reused, not started again
        try cluster.stop()
        #expect(!cluster.isRunning)
        #expect(try cluster.start())  // second run reuses the data folder
        #expect(try await canQuery(cluster))
        try cluster.stop()
    }

    @Test func restartsAfterUncleanStopWithStalePidFile() async throws {
        let cluster = try makeCluster()
        defer { try? cluster.stop() }
        try cluster.start()
        let pid = try #require(cluster.runningPID)
        kill(pid, SIGKILL)
        for _ in 0..<50 where FileManager.default.fileExists(atPath: "/proc/\(pid)") { usleep(100_000) }
        // Make the leftover pid file name a live process that is not PostgreSQL (ours).
        let pidFile = cluster.dataDirectory + "/postmaster.pid"
        var lines = try String(contentsOfFile: pidFile, encoding: .utf8).components(separatedBy: "\n")
        lines[0] = "\(getpid())"
        try lines.joined(separator: "\n").write(toFile: pidFile, atomically: false, encoding: .utf8)
        #expect(!cluster.isRunning)
        #expect(try cluster.start())
        #expect(try await canQuery(cluster))
    }

    @Test func processesStartingTogetherShareOneClusterAndTheLastOneStopsIt() async throws {
        let directory = NSTemporaryDirectory() + "parkdesk-lease-\(UUID().uuidString.prefix(8))/pgdata"
        let environment = ["PARKDESK_DATA_DIR": directory]
        let cleanup = try LocalCluster(
            requestedDirectory: directory, binaries: try PostgresBinaries.locate(), logger: TestDatabase.logger)
        defer { try? cleanup.stop() }
        let endpoints = try await withThrowingTaskGroup(of: DatabaseEndpoint.self) { group in
            for _ in 0..<3 {
                group.addTask { try await DatabaseEndpoint.open(environment: environment, logger: TestDatabase.logger) }
            }
            return try await group.reduce(into: [DatabaseEndpoint]()) { $0.append($1) }
        }
        let cluster = try #require(endpoints.first?.lease?.cluster)
        #expect(cluster.isRunning)
        endpoints[0].shutdown(logger: TestDatabase.logger)
        endpoints[1].shutdown(logger: TestDatabase.logger)
        #expect(cluster.isRunning)  // one user left
        let stillServes = try await withClient(endpoints[2].address.configuration) { client in
            let rows = try await client.query("SELECT 1")
            for try await one in rows.decode(Int.self) { return one == 1 }
            return false
        }
        #expect(stillServes)
        endpoints[2].shutdown(logger: TestDatabase.logger)
        #expect(!cluster.isRunning)
    }

    /// Issue 29: `restore` (any command) stopped a server that was started by hand with `pg_ctl`. What ParkDesk did
    /// not start it leaves running; what it starts itself afterwards it stops again.
    @Test func aServerStartedOutsideParkDeskIsLeftRunning() async throws {
        let directory = NSTemporaryDirectory() + "parkdesk-hand-\(UUID().uuidString.prefix(8))/pgdata"
        let byHand = try LocalCluster(
            requestedDirectory: directory, binaries: try PostgresBinaries.locate(), logger: TestDatabase.logger)
        defer { try? byHand.stop() }
        #expect(try byHand.start())  // as `pg_ctl start` by hand would
        let endpoint = try await DatabaseEndpoint.open(
            environment: ["PARKDESK_DATA_DIR": directory], logger: TestDatabase.logger)
        #expect(endpoint.lease?.serverIsExternal == true)
        endpoint.shutdown(logger: TestDatabase.logger)
        #expect(byHand.isRunning)
        try byHand.stop()
        // started by ParkDesk this time: stopped by it when its last user leaves
        let again = try await DatabaseEndpoint.open(
            environment: ["PARKDESK_DATA_DIR": directory], logger: TestDatabase.logger)
        #expect(again.lease?.serverIsExternal == false)
        again.shutdown(logger: TestDatabase.logger)
        #expect(!byHand.isRunning)
    }

    @Test func twoClustersInOneFolderKeepTheirOwnLeases() async throws {
        let parent = NSTemporaryDirectory() + "parkdesk-pair-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let first = try await DatabaseEndpoint.open(
            environment: ["PARKDESK_DATA_DIR": parent + "/one"], logger: TestDatabase.logger)
        let second = try await DatabaseEndpoint.open(
            environment: ["PARKDESK_DATA_DIR": parent + "/two"], logger: TestDatabase.logger)
        let one = try #require(first.lease?.cluster)
        let two = try #require(second.lease?.cluster)
        #expect(FileManager.default.fileExists(atPath: parent + "/one.users.lock"))
        first.shutdown(logger: TestDatabase.logger)
        #expect(!one.isRunning)  // its own lease was the last: stopped, whatever the other cluster does
        #expect(two.isRunning)
        second.shutdown(logger: TestDatabase.logger)
        #expect(!two.isRunning)
    }

    @Test func aFolderThatIsNotAClusterIsLeftUntouched() throws {
        let folder = NSTemporaryDirectory() + "parkdesk-foreign-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "notes".write(toFile: folder + "/report.txt", atomically: true, encoding: .utf8)
        chmod(folder, 0o755)
        let before = try FileManager.default.attributesOfItem(atPath: folder)
        let cluster = try LocalCluster(
            requestedDirectory: folder, binaries: try PostgresBinaries.locate(), logger: TestDatabase.logger)
        #expect(throws: LocalClusterError.foreignFolder(cluster.dataDirectory)) { try cluster.start() }
        let after = try FileManager.default.attributesOfItem(atPath: folder)
        #expect(after[.posixPermissions] as? Int == before[.posixPermissions] as? Int)
        #expect(after[.ownerAccountID] as? Int == before[.ownerAccountID] as? Int)
        #expect(LocalClusterError.foreignFolder(folder).description.contains("nothing was changed"))
    }

    @Test func aDataPathThroughAFileIsAnError() throws {
        let file = NSTemporaryDirectory() + "parkdesk-file-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: LocalClusterError.pathThroughFile(file)) {
            try LocalCluster(
                requestedDirectory: file + "/pgdata", binaries: try PostgresBinaries.locate(),
                logger: TestDatabase.logger)
        }
    }

    @Test func aKilledServerIsStartedAgainThroughItsLease() async throws {
        let directory = NSTemporaryDirectory() + "parkdesk-restart-\(UUID().uuidString.prefix(8))/pgdata"
        let endpoint = try await DatabaseEndpoint.open(
            environment: ["PARKDESK_DATA_DIR": directory], logger: TestDatabase.logger)
        defer { endpoint.shutdown(logger: TestDatabase.logger) }
        let lease = try #require(endpoint.lease)
        #expect(try lease.restartIfStopped() == false)
        let pid = try #require(lease.cluster.runningPID)
        kill(pid, SIGKILL)
        for _ in 0..<50 where FileManager.default.fileExists(atPath: "/proc/\(pid)") { usleep(100_000) }
        #expect(try lease.restartIfStopped())
        #expect(try await canQuery(lease.cluster))
    }

    @Test func missingBinariesGiveOneClearSentence() {
        let empty = NSTemporaryDirectory() + "parkdesk-nobin-\(UUID().uuidString)"
        #expect(throws: LocalClusterError.binariesNotFound) {
            try PostgresBinaries.locate(environment: [:], pgConfigCandidates: [], versionedRoots: [empty])
        }
        #expect(LocalClusterError.binariesNotFound.description.contains("install PostgreSQL"))
        #expect(LocalClusterError.binariesNotFound.description.contains("DATABASE_URL"))
    }

    @Test func databaseURLIsParsed() throws {
        let config = try DatabaseAddress(
            url:
                "postgres://office:s%40cret@db.example:6543/parkdesk?sslmode=disable"
        ).configuration
        #expect(config.host == "db.example")
        #expect(config.port == 6543)
        #expect(config.username == "office")
        #expect(config.password == "s@cret")
        #expect(config.database == "parkdesk")
        let socket = try DatabaseAddress(url: "postgresql://postgres@/parkdesk?host=/run/pg").configuration
        #expect(socket.unixSocketPath == "/run/pg/.s.PGSQL.5432")
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseAddress(url: "mysql://x/y").configuration }
        #expect(throws: DatabaseURL.Invalid.self) {
            try DatabaseAddress(url: "postgres://h/db?sslmode=maybe").configuration
        }
    }
}
