import Crypto
public import Foundation

/// One schema change: the file `sql/NNNN_name.sql`, identified by its number, checked by its SHA-256.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let fileName: String
    public let sql: String
    public let checksum: String

    init(fileName: String, sql: String) throws {
        let stem = fileName.hasSuffix(".sql") ? String(fileName.dropLast(4)) : fileName
        let parts = stem.split(separator: "_", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 4, let version = Int(parts[0]), version > 0 else {
            throw MigrationError.badFileName(fileName)
        }
        self.version = version
        self.name = String(parts[1])
        self.fileName = fileName
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// A migration that is on disk, with when it was applied (`nil` while pending).
public struct MigrationState: Sendable {
    public let migration: Migration
    public let appliedAt: Date?
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case badFileName(String)
    case duplicateVersion(Int)
    case checksumMismatch(file: String)
    case missingFile(version: Int, name: String)

    public var description: String {
        switch self {
        case .badFileName(let file):
            "Migration file \(file) is not named NNNN_name.sql."
        case .duplicateVersion(let version):
            "Two migration files share the number \(String(format: "%04d", version))."
        case .checksumMismatch(let file):
            "Migration \(file) was edited after it was applied (checksum differs): add a new migration instead."
        case .missingFile(let version, let name):
            "Migration \(String(format: "%04d", version))_\(name).sql was applied to this database but is missing "
                + "from the sql folder."
        }
    }
}
