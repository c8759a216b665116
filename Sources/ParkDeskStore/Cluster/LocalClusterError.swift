import Foundation

/// Why the private PostgreSQL cluster could not be set up or started.
public enum LocalClusterError: Error, CustomStringConvertible, Equatable {
    case binariesNotFound
    case noPostgresUser
    case commandFailed(command: String, output: String)

    public var description: String {
        switch self {
        case .binariesNotFound:
            "No PostgreSQL server programs (initdb, pg_ctl) were found: install PostgreSQL 15 (apt-get install postgresql-15) or set DATABASE_URL to an existing server."
        case .noPostgresUser:
            "Running as root needs a 'postgres' system user to run the database server: install PostgreSQL from Debian's packages (it creates that user) or set DATABASE_URL."
        case .commandFailed(let command, let output):
            "\(command) failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines).suffix(600))"
        }
    }
}
