public import Foundation

/// Online backups and restores of ParkDesk: one tar file holding `parkdesk-backup.json` (what it is),
/// `database.dump` (`pg_dump` custom format of the whole database: one consistent snapshot, taken while the
/// server keeps working) and `media/` (the stored photos and documents, copied after the dump, so every file a
/// dumped row names is in it: files never change once written).
public struct DatabaseBackup: Sendable {
    /// How `pg_dump`/`pg_restore` reach the database: a libpq connection string, and a password kept out of argv.
    public struct Target: Sendable {
        public var conninfo: String
        public var password: String?

        /// `DATABASE_URL` as given (libpq reads the same URLs), its password moved to `PGPASSWORD`.
        public static func url(_ url: String) -> Target {
            guard var parts = URLComponents(string: url), let password = parts.password else {
                return Target(conninfo: url, password: nil)
            }
            parts.password = nil
            return Target(conninfo: parts.string ?? url, password: password.removingPercentEncoding ?? password)
        }

        /// The local cluster's socket (`/dir/.s.PGSQL.5432`).
        public static func socket(_ path: String, user: String, database: String) -> Target {
            let directory = (path as NSString).deletingLastPathComponent
            let port = path.split(separator: ".").last.map(String.init) ?? "5432"
            return Target(
                conninfo: "host='\(directory)' port=\(port) user='\(user)' dbname='\(database)'", password: nil)
        }
    }

    /// What a backup says about itself.
    public struct Manifest: Codable, Sendable, Equatable {
        public var format = "parkdesk-backup"
        public var version = 1
        public var createdAt: Date
        public var migrations: [String]
        public var mediaFiles: Int
        public var databaseBytes: Int
        /// SHA-256 of `database.dump` (hex), checked before a restore starts; absent in backups made before it.
        public var databaseSHA256: String?
    }

    /// Why a file cannot be restored, in one line.
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    let binaries: String
    let target: Target
    let runner: ProcessRunner

    /// `bindir` holds `pg_dump` and `pg_restore` (the server's, or `PARKDESK_PG_BINDIR`).
    public init(bindir: String, target: Target) {
        (self.binaries, self.target) = (bindir, target)
        var runner = ProcessRunner()
        if let password = target.password { runner.environment = ["PGPASSWORD": password] }
        self.runner = runner
    }

    /// Writes the backup to `file`; `progress` hears each step.
    public func backup(
        to file: String, migrations: [String], mediaDirectory: String?, progress: (String) -> Void
    ) throws -> Manifest {
        let work = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let dump = work + "/database.dump"
        let started = Date()
        let dumped = try runner.run(
            binaries + "/pg_dump", ["--format=custom", "--compress=6", "--no-owner", "--file=" + dump, target.conninfo])
        guard dumped.status == 0 else { throw Refused(description: "pg_dump failed: " + Self.firstLine(dumped.output)) }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: dump)[.size] as? Int) ?? 0
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        progress("database dumped: \(Self.megabytes(bytes)) in \(seconds) s")
        var members = ["parkdesk-backup.json", "database.dump"]
        var mediaFiles = 0
        if let mediaDirectory, FileManager.default.fileExists(atPath: mediaDirectory) {
            try FileManager.default.createSymbolicLink(atPath: work + "/media", withDestinationPath: mediaDirectory)
            mediaFiles = (FileManager.default.enumerator(atPath: mediaDirectory)?.allObjects.count) ?? 0
            members.append("media")
        }
        let manifest = Manifest(
            createdAt: started, migrations: migrations, mediaFiles: mediaFiles, databaseBytes: bytes,
            databaseSHA256: try sha256(of: dump))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: work + "/parkdesk-backup.json"))
        let partial = file + ".partial"
        let packed = try runner.run(
            "/bin/tar", ["--create", "--dereference", "--file=" + partial, "-C", work] + members)
        guard packed.status == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw Refused(description: "tar failed: " + Self.firstLine(packed.output))
        }
        try? FileManager.default.removeItem(atPath: file)
        try FileManager.default.moveItem(atPath: partial, toPath: file)
        progress("media files: \(mediaFiles)")
        return manifest
    }

    /// Restores `file` into the target database (which the caller found empty, or is told to overwrite with
    /// `replace`) and its media into `mediaDirectory`; the caller migrates afterwards.
    public func restore(
        from file: String, mediaDirectory: String, replace: Bool, progress: (String) -> Void
    ) throws -> Manifest {
        let listed = try runner.run("/bin/tar", ["--list", "--file=" + file])
        let names = Set(listed.output.split(separator: "\n").map(String.init))
        guard listed.status == 0 else {
            throw Refused(description: "\(file) is damaged or not a ParkDesk backup: " + Self.firstLine(listed.output))
        }
        guard names.contains("parkdesk-backup.json"), names.contains("database.dump") else {
            throw Refused(description: "\(file) is not a ParkDesk backup (no parkdesk-backup.json and database.dump)")
        }
        let work = try Self.workDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let unpacked = try runner.run("/bin/tar", ["--extract", "--file=" + file, "-C", work])
        guard unpacked.status == 0 else {
            throw Refused(description: "\(file) is damaged: " + Self.firstLine(unpacked.output))
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let data = FileManager.default.contents(atPath: work + "/parkdesk-backup.json"),
            let manifest = try? decoder.decode(Manifest.self, from: data), manifest.format == "parkdesk-backup"
        else { throw Refused(description: "\(file) is not a ParkDesk backup (its manifest cannot be read)") }
        guard manifest.version == 1 else {
            throw Refused(description: "\(file) is a backup of format \(manifest.version); this ParkDesk reads 1")
        }
        // a damaged dump is named as such before anything is restored (pg_restore itself said "out of memory")
        let dump = work + "/database.dump"
        let damaged = "\(file) is damaged: its database dump is not what was written"
        if let expected = manifest.databaseSHA256 {
            guard try sha256(of: dump) == expected else { throw Refused(description: damaged + " (checksum differs)") }
        }
        guard try runner.run(binaries + "/pg_restore", ["--list", dump]).status == 0 else {
            throw Refused(description: damaged + " (pg_restore cannot read it)")
        }
        var arguments = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        if replace { arguments += ["--clean", "--if-exists"] }
        let restored = try runner.run(
            binaries + "/pg_restore", arguments + ["--dbname=" + target.conninfo, work + "/database.dump"])
        guard restored.status == 0 else {
            throw Refused(description: "pg_restore failed: " + Self.firstLine(restored.output))
        }
        progress("database restored (\(manifest.migrations.count) migrations, made \(manifest.createdAt))")
        if FileManager.default.fileExists(atPath: work + "/media") {
            try FileManager.default.createDirectory(atPath: mediaDirectory, withIntermediateDirectories: true)
            let copied = try runner.run("/bin/cp", ["-a", "-n", work + "/media/.", mediaDirectory])
            guard copied.status == 0 else {
                throw Refused(description: "media files not copied: " + Self.firstLine(copied.output))
            }
            progress("media files: \(manifest.mediaFiles)")
        }
        return manifest
    }

    /// The SHA-256 of a file, hex (coreutils' `sha256sum`: streamed, whatever the size).
    func sha256(of path: String) throws -> String {
        let summed = try runner.run("/usr/bin/sha256sum", [path])
        guard summed.status == 0, let hex = summed.output.split(separator: " ").first, hex.count == 64 else {
            throw Refused(description: "cannot read \(path): " + Self.firstLine(summed.output))
        }
        return String(hex)
    }

    static func workDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "parkdesk-backup-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func firstLine(_ text: String) -> String {
        text.split(separator: "\n").first.map(String.init) ?? "no output"
    }

    static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_000_000) }
}
