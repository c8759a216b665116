public import Foundation
public import Logging
public import PostgresNIO

/// Where ParkDesk's database is: the server named by `DATABASE_URL`, or the private local cluster.
public struct DatabaseEndpoint: Sendable {
    public let configuration: PostgresClient.Configuration
    /// This process's lease on the local cluster, when one is used.
    public let lease: ClusterLease?

    /// The database the local cluster serves ParkDesk from.
    public static let localDatabaseName = "parkdesk"

    /// Uses `DATABASE_URL` when set; otherwise creates/starts the local cluster in `PARKDESK_DATA_DIR`
    /// (default `./.parkdesk/pgdata`) and makes sure its `parkdesk` database exists.
    public static func open(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) async throws -> DatabaseEndpoint {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return DatabaseEndpoint(configuration: try DatabaseURL.configuration(from: url), lease: nil)
        }
        let defaultDirectory: String = FileManager.default.currentDirectoryPath + "/.parkdesk/pgdata"
        let requested: String = environment["PARKDESK_DATA_DIR"] ?? ""
        let directory = requested.isEmpty ? defaultDirectory : requested
        let cluster = try LocalCluster(
            requestedDirectory: directory, binaries: try PostgresBinaries.locate(environment: environment), logger: logger)
        let lease = try ClusterLease(cluster)
        let endpoint = DatabaseEndpoint(
            configuration: cluster.clientConfiguration(database: localDatabaseName), lease: lease)
        do {
            try await cluster.createDatabaseIfMissing(localDatabaseName, logger: logger)
        } catch {
            endpoint.shutdown(logger: logger)
            throw error
        }
        return endpoint
    }

    /// Gives back the lease on the local cluster; the last process to do so stops it.
    public func shutdown(logger: Logger) {
        lease?.release(logger: logger)
    }
}

extension LocalCluster {
    public func clientConfiguration(database: String) -> PostgresClient.Configuration {
        PostgresClient.Configuration(unixSocketPath: socketPath, username: superuser, password: nil, database: database)
    }

    /// Creates the database unless it exists; safe when two processes do it at once.
    public func createDatabaseIfMissing(_ name: String, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: .init(unixSocketPath: socketPath, username: superuser, password: nil, database: "postgres"),
            id: 0, logger: logger)
        do {
            try await DatabaseAdmin.createDatabaseIfMissing(name, on: connection, logger: logger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}

/// The one place ParkDesk creates databases (the local cluster's, and the tests' throwaway ones).
public enum DatabaseAdmin {
    /// Creates `name` unless it exists; concurrent callers both succeed. Identifiers cannot be bound,
    /// so the name must be lowercase letters, digits and `_` (ours: a constant or a generated test name).
    public static func createDatabaseIfMissing(_ name: String, on connection: PostgresConnection, logger: Logger) async throws {
        let isPlainName = !name.isEmpty && name.utf8.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard isPlainName else {
            throw LocalClusterError.commandFailed(command: "CREATE DATABASE", output: "bad database name \(name)")
        }
        do {
            let rows = try await connection.run("SELECT count(*) FROM pg_database WHERE datname = \(name)", logger: logger)
            var exists = false
            for try await count in rows.decode(Int.self) { exists = count > 0 }
            if !exists {
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            }
        } catch {
            let sqlState: String? = (error as? PSQLError)?.serverInfo?[.sqlState]
            // created meanwhile by another process (duplicate_database, or unique_violation mid-creation)
            if sqlState == "42P04" || sqlState == "23505" { return }
            throw error
        }
    }
}
