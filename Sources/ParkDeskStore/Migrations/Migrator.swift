import Foundation
public import Logging
public import PostgresNIO

/// Applies `sql/NNNN_*.sql` in order, one transaction per file, recorded in `schema_migrations` with a
/// checksum, under a PostgreSQL advisory lock so that instances starting together cannot race.
public struct Migrator: Sendable {
    public let directory: String
    let logger: Logger

    /// Arbitrary but fixed: every ParkDesk instance takes the same lock.
    static let advisoryLockKey: Int64 = 7_202_611_260_001

    /// `PARKDESK_SQL_DIR`, else the `sql/` folder of the source tree this binary was built from.
    public static var defaultDirectory: String {
        if let dir = ProcessInfo.processInfo.environment["PARKDESK_SQL_DIR"], !dir.isEmpty { return dir }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sql").path
    }

    public init(directory: String = Migrator.defaultDirectory, logger: Logger) {
        (self.directory, self.logger) = (directory, logger)
    }

    /// The migration files on disk, in order.
    public func migrations() throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        let migrations = try names.map { name in
            try Migration(fileName: name, sql: String(contentsOfFile: directory + "/" + name, encoding: .utf8))
        }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw MigrationError.duplicateVersion(a.version)
        }
        return migrations
    }

    /// Applies every pending migration and returns those it applied.
    @discardableResult
    public func migrate(_ client: PostgresClient) async throws -> [Migration] {
        let onDisk = try migrations()
        return try await client.withConnection { connection in
            // Migrations (and waiting for another instance's) may take longer than the API's statement limit.
            try await connection.run("SET statement_timeout = 0", logger: logger)
            try await connection.run("SELECT pg_advisory_lock(\(Self.advisoryLockKey))", logger: logger)
            do {
                let applied = try await self.applyPending(onDisk, on: connection)
                try await connection.run("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                try await connection.run("RESET statement_timeout", logger: logger)
                return applied
            } catch {
                _ = try? await connection.run("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))", logger: logger)
                _ = try? await connection.run("RESET statement_timeout", logger: logger)
                throw (error as? PostgresTransactionError)?.closureError ?? error
            }
        }
    }

    /// Every migration on disk with the time it was applied; verifies checksums of applied ones.
    public func status(_ client: PostgresClient) async throws -> [MigrationState] {
        let onDisk = try migrations()
        let applied = try await client.withConnection { try await appliedRecords(on: $0) }
        try verify(onDisk, against: applied)
        return onDisk.map { MigrationState(migration: $0, appliedAt: applied[$0.version]?.appliedAt) }
    }

    private struct AppliedRecord {
        let name: String
        let checksum: String
        let appliedAt: Date
    }

    private func applyPending(_ onDisk: [Migration], on connection: PostgresConnection) async throws -> [Migration] {
        try await connection.run(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now(),
                duration_ms integer NOT NULL
            )
            """, logger: logger)
        let applied = try await appliedRecords(on: connection)
        try verify(onDisk, against: applied)
        var done: [Migration] = []
        for migration in onDisk where applied[migration.version] == nil {
            let started = Date()
            try await connection.withTransaction(logger: logger) { tx in
                for statement in SQLScript.statements(in: migration.sql) {
                    // Migration files are ours, from the source tree: never user input.
                    try await tx.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                let ms = Int(Date().timeIntervalSince(started) * 1000)
                try await tx.run(
                    """
                    INSERT INTO schema_migrations (version, name, checksum, duration_ms)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(ms))
                    """, logger: logger)
            }
            logger.info("Applied migration", metadata: ["file": "\(migration.fileName)"])
            done.append(migration)
        }
        return done
    }

    private func appliedRecords(on connection: PostgresConnection) async throws -> [Int: AppliedRecord] {
        let exists = try await connection.run(
            "SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        for try await present in exists.decode(Bool.self) where !present { return [:] }
        let rows = try await connection.run(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version", logger: logger)
        var records: [Int: AppliedRecord] = [:]
        for try await (version, name, checksum, appliedAt) in rows.decode((Int, String, String, Date).self) {
            records[version] = AppliedRecord(name: name, checksum: checksum, appliedAt: appliedAt)
        }
        return records
    }

    private func verify(_ onDisk: [Migration], against applied: [Int: AppliedRecord]) throws {
        let byVersion = Dictionary(uniqueKeysWithValues: onDisk.map { ($0.version, $0) })
        for (version, record) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = byVersion[version] else {
                throw MigrationError.missingFile(version: version, name: record.name)
            }
            guard migration.checksum == record.checksum else {
                throw MigrationError.checksumMismatch(file: migration.fileName)
            }
        }
    }
}
