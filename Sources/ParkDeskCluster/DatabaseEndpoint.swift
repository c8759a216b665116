public import Foundation
public import Logging
public import ParkDeskStore

/// Where ParkDesk's database is: the server named by `DATABASE_URL`, or the private local cluster.
public struct DatabaseEndpoint: Sendable {
    public let address: DatabaseAddress
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
            return DatabaseEndpoint(address: try DatabaseAddress(url: url), lease: nil)
        }
        let defaultDirectory: String = FileManager.default.currentDirectoryPath + "/.parkdesk/pgdata"
        let requested: String = environment["PARKDESK_DATA_DIR"] ?? ""
        let directory = requested.isEmpty ? defaultDirectory : requested
        let cluster = try LocalCluster(
            requestedDirectory: directory, binaries: try PostgresBinaries.locate(environment: environment),
            logger: logger)
        let lease = try ClusterLease(cluster)
        let endpoint = DatabaseEndpoint(address: cluster.address(database: localDatabaseName), lease: lease)
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
    public func address(database: String) -> DatabaseAddress {
        DatabaseAddress(socket: socketPath, user: superuser, database: database)
    }

    /// Creates the database (a copy of `template` if named) unless it exists; safe when two processes do it at once.
    public func createDatabaseIfMissing(_ name: String, template: String? = nil, logger: Logger) async throws {
        try await address(database: "postgres").createDatabaseIfMissing(name, template: template, logger: logger)
    }
}
