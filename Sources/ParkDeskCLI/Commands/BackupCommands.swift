import ArgumentParser
import Foundation
import ParkDeskCluster
import ParkDeskMedia
import ParkDeskStore

/// `parkdesk backup` and `parkdesk restore`: the database and the media files in one file.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Back up the database and the media files into one file, online.",
        discussion: """
            A consistent snapshot (pg_dump, custom format) taken while the server keeps working, and the media
            folder (PARKDESK_MEDIA_DIR) copied after it, in one tar file. Works against the local cluster and a
            DATABASE_URL. For point-in-time recovery use PostgreSQL's WAL archiving (README: Backups).

            Examples:
              parkdesk backup
              parkdesk backup --out /srv/backups/parkdesk-$(date +%F).tar
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Where to write it (default parkdesk-backup-<date>-<time>.tar here).") var out: String?

    func run() async throws {
        let file = out ?? "parkdesk-backup-\(Self.stamp()).tar"
        let media = MediaLibrary.directory(environment: CLIContext.environment).path
        let manifest = try await withDatabase(logger: try global.makeLogger()) { database, endpoint in
            let migrations = try await database.appliedMigrations()
            return try Self.tool(endpoint).backup(
                to: file, migrations: migrations, mediaDirectory: media, progress: CLIContext.printError)
        }
        CLIContext.print(
            "backup written: \(file) (\(manifest.migrations.count) migrations, \(manifest.mediaFiles) media files)")
    }

    static func stamp() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return formatter.string(from: Date())
    }

    /// `pg_dump`/`pg_restore` pointed at the same database the command opened.
    static func tool(_ endpoint: DatabaseEndpoint) throws -> DatabaseBackup {
        let bindir = try PostgresBinaries.locate(
            environment: CLIContext.environment, programs: ["pg_dump", "pg_restore"]
        ).directory
        if let url = CLIContext.environment["DATABASE_URL"], !url.isEmpty {
            return DatabaseBackup(bindir: bindir, target: .url(url))
        }
        let address = endpoint.address
        return DatabaseBackup(
            bindir: bindir,
            target: .socket(
                address.socketPath ?? "", user: address.user,
                database: address.databaseName ?? DatabaseEndpoint.localDatabaseName))
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup into an empty database, then migrate it.",
        discussion: """
            Refuses a database that has tables unless --replace is given (its objects are then dropped first).
            Media files go to PARKDESK_MEDIA_DIR (files already there are kept).

            Example:
              DATABASE_URL=postgres://parkdesk@db/parkdesk_new parkdesk restore parkdesk-backup-20261201-220000.tar
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file.") var file: String
    @Flag(help: "Overwrite a database that is not empty.") var replace = false

    func run() async throws {
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CLIError("cannot read \(file)")
        }
        let media = MediaLibrary.directory(environment: CLIContext.environment).path
        let logger = try global.makeLogger()
        let (file, replace) = (file, replace)
        let manifest = try await withDatabase(logger: logger, migrate: false) { database, endpoint in
            let tables = try await database.tableCount()
            guard tables == 0 || replace else {
                throw CLIError(
                    "the database is not empty (\(tables) tables); restore into an empty one, or add --replace")
            }
            let manifest: DatabaseBackup.Manifest
            do {
                manifest = try BackupCommand.tool(endpoint).restore(
                    from: file, mediaDirectory: media, replace: replace, progress: CLIContext.printError)
            } catch let refused as DatabaseBackup.Refused {
                throw CLIError(refused.description)
            }
            try await database.migrate(with: Migrator(logger: logger))
            return manifest
        }
        CLIContext.print("restored \(file): made \(ISO8601DateFormatter().string(from: manifest.createdAt)), migrated")
    }
}
