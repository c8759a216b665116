import Foundation

/// Why the private PostgreSQL cluster could not be set up or started.
public enum LocalClusterError: Error, CustomStringConvertible, Equatable {
    case binariesNotFound
    case noPostgresUser
    case commandFailed(command: String, output: String)
    /// A part of the data path exists but is a file, not a folder.
    case pathThroughFile(String)
    /// The data folder holds other files and no cluster: ParkDesk changes nothing in it.
    case foreignFolder(String)

    public var description: String {
        switch self {
        case .binariesNotFound:
            "No PostgreSQL server programs (initdb, pg_ctl) were found: install PostgreSQL 15 (apt-get install "
                + "postgresql-15) or set DATABASE_URL to an existing server."
        case .noPostgresUser:
            "Running as root needs a 'postgres' system user to run the database server: install PostgreSQL from "
                + "Debian's packages (it creates that user) or set DATABASE_URL."
        case .pathThroughFile(let path):
            "The data folder cannot be created: \(path) is a file, not a folder. Set PARKDESK_DATA_DIR to a "
                + "folder path."
        case .foreignFolder(let path):
            "\(path) is not empty and is not a PostgreSQL cluster; nothing was changed. Point PARKDESK_DATA_DIR at an "
                + "empty or new folder, or at an existing ParkDesk cluster."
        case .commandFailed(let command, let output):
            "\(command) failed: \(output.trimmingCharacters(in: .whitespacesAndNewlines).suffix(600))"
        }
    }
}
