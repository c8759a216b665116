import Foundation
import Testing
import PostgresNIO
import ParkDeskStore
import ParkDeskTestSupport

@Suite struct MigratorTests {
    /// A private copy of sql/ that a test may change.
    func scratchMigrations(_ files: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "parkdesk-migrations-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, sql) in files { try sql.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    @Test func appliesProjectMigrationsInOrderAndRecordsChecksums() async throws {
        let config = try await TestDatabase.shared.empty()
        let migrator = Migrator(logger: TestDatabase.logger)
        let onDisk = try migrator.migrations()
        #expect(!onDisk.isEmpty)
        #expect(onDisk.map(\.version) == onDisk.map(\.version).sorted())
        try await withClient(config) { client in
            let applied = try await migrator.migrate(client)
            #expect(applied == onDisk)
            #expect(try await migrator.migrate(client).isEmpty)
            let rows = try await client.query("SELECT version, checksum FROM schema_migrations ORDER BY version")
            var recorded: [(Int, String)] = []
            for try await row in rows.decode((Int, String).self) { recorded.append(row) }
            #expect(recorded.map(\.0) == onDisk.map(\.version))
            #expect(recorded.map(\.1) == onDisk.map(\.checksum))
            let extensions = try await client.query("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")
            for try await count in extensions.decode(Int.self) { #expect(count == 1) }
        }
    }

    /// A foreign key without an index makes every delete in the table it points at scan the table that points: purging
    /// 200 of a million leads took 50 s (leads.merged_into, issue 29). Only the small reference tables may go without.
    @Test func everyForeignKeyIntoALargeTableHasAnIndex() async throws {
        try await withClient(try await TestDatabase.shared.fresh("fkindexes")) { client in
            let rows = try await client.query(
                """
                SELECT c.conrelid::regclass::text || '.' || a.attname
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                WHERE c.contype = 'f'
                  AND c.confrelid::regclass::text NOT IN ('cities', 'districts', 'api_tokens')
                  AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1])
                """)
            var unindexed: [String] = []
            for try await column in rows.decode(String.self) { unindexed.append(column) }
            #expect(unindexed == [])
        }
    }

    @Test func ordersByNumberAndRunsEachFileInATransaction() async throws {
        let dir = try scratchMigrations([
            "0002_second.sql": "INSERT INTO t VALUES (2);",
            "0001_first.sql": "CREATE TABLE t (n int PRIMARY KEY); INSERT INTO t VALUES (1);",
            "0003_broken.sql": "INSERT INTO t VALUES (3); INSERT INTO t VALUES (1);",
        ])
        let config = try await TestDatabase.shared.empty()
        let migrator = Migrator(directory: dir, logger: TestDatabase.logger)
        try await withClient(config) { client in
            await #expect(throws: (any Error).self) { try await migrator.migrate(client) }
            let rows = try await client.query("SELECT n FROM t ORDER BY n")
            var values: [Int] = []
            for try await n in rows.decode(Int.self) { values.append(n) }
            #expect(values == [1, 2])  // 0003 rolled back whole: its 3 is not there
            let status = try await migrator.status(client)
            #expect(status.map { $0.appliedAt != nil } == [true, true, false])
        }
    }

    @Test func editedAppliedFileIsAnErrorNamingTheFile() async throws {
        let dir = try scratchMigrations(["0001_first.sql": "CREATE TABLE t (n int);"])
        let config = try await TestDatabase.shared.empty()
        let migrator = Migrator(directory: dir, logger: TestDatabase.logger)
        try await withClient(config) { client in
            try await migrator.migrate(client)
            try "CREATE TABLE t (n bigint);".write(toFile: dir + "/0001_first.sql", atomically: true, encoding: .utf8)
            await #expect(throws: MigrationError.checksumMismatch(file: "0001_first.sql")) {
                try await migrator.migrate(client)
            }
            await #expect(throws: MigrationError.checksumMismatch(file: "0001_first.sql")) {
                try await migrator.status(client)
            }
        }
    }

    @Test func rejectsBadFileNamesAndDuplicateNumbers() throws {
        let badName = try scratchMigrations(["first.sql": "SELECT 1;"])
        #expect(throws: MigrationError.badFileName("first.sql")) {
            try Migrator(directory: badName, logger: TestDatabase.logger).migrations()
        }
        let duplicate = try scratchMigrations(["0001_a.sql": "SELECT 1;", "0001_b.sql": "SELECT 2;"])
        #expect(throws: MigrationError.duplicateVersion(1)) {
            try Migrator(directory: duplicate, logger: TestDatabase.logger).migrations()
        }
    }

    @Test func concurrentStartsApplyEachMigrationOnce() async throws {
        let dir = try scratchMigrations([
            "0001_first.sql": "CREATE TABLE t (n int); SELECT pg_sleep(0.2);",
            "0002_second.sql": "INSERT INTO t VALUES (2);",
        ])
        let config = try await TestDatabase.shared.empty()
        let migrator = Migrator(directory: dir, logger: TestDatabase.logger)
        let appliedCounts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask { try await withClient(config) { try await migrator.migrate($0).count } }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(appliedCounts.reduce(0, +) == 2)
        try await withClient(config) { client in
            let rows = try await client.query("SELECT count(*) FROM t")
            for try await count in rows.decode(Int.self) { #expect(count == 1) }
        }
    }
}
