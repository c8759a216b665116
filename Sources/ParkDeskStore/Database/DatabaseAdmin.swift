public import Logging
public import PostgresNIO

/// The one place ParkDesk creates databases (the local cluster's, and the tests' throwaway ones).
public enum DatabaseAdmin {
    /// Creates `name` unless it exists, as a copy of `template` if one is named; concurrent callers both succeed.
    /// Identifiers cannot be bound, so the names must be lowercase letters, digits and `_` (ours: a constant or a
    /// generated test name).
    public static func createDatabaseIfMissing(
        _ name: String, template: String? = nil, on connection: PostgresConnection, logger: Logger
    ) async throws {
        for checked in [name, template ?? name] where !isPlainName(checked) {
            throw DatabaseRefusal(description: "CREATE DATABASE: bad database name \(checked)")
        }
        do {
            let rows = try await connection.run(
                "SELECT count(*) FROM pg_database WHERE datname = \(name)", logger: logger)
            var exists = false
            for try await count in rows.decode(Int.self) { exists = count > 0 }
            if !exists {
                let copying = template.map { " TEMPLATE \($0)" } ?? ""
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)\(copying)"), logger: logger)
            }
        } catch {
            let sqlState: String? = (error as? PSQLError)?.serverInfo?[.sqlState]
            // created meanwhile by another process (duplicate_database, or unique_violation mid-creation)
            if sqlState == "42P04" || sqlState == "23505" { return }
            throw error
        }
    }

    private static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
    }
}

extension Database {
    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        let rows = try await client.run("SELECT name FROM schema_migrations ORDER BY version", logger: logger)
        var names: [String] = []
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }

    /// Tables in the public schema: 0 for an empty database.
    public func tableCount() async throws -> Int {
        let rows = try await client.run(
            "SELECT count(*)::int FROM pg_tables WHERE schemaname = 'public'", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
