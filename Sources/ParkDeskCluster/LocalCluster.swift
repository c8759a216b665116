import Foundation
public import Logging
#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster that ParkDesk creates and starts itself when no `DATABASE_URL` is given.
///
/// Data lives in one folder; the server listens only on a unix socket inside that folder (no TCP port).
/// When we are root, the server runs as the `postgres` user; if that user cannot reach the requested
/// folder (e.g. under a 0700 `/root`), the cluster moves to a folder under `/tmp` owned by `postgres`.
public struct LocalCluster: Sendable {
    /// The folder holding the cluster's files and its socket.
    public let dataDirectory: String
    public let binaries: PostgresBinaries
    /// Only names the socket file (`.s.PGSQL.<port>`); no TCP listener is opened.
    public let port: Int
    /// Extra `postgresql.conf` settings, rewritten on every start (tests turn fsync off).
    public let settings: [String: String]
    let runAsUser: String?
    let logger: Logger

    public var socketPath: String { dataDirectory + "/.s.PGSQL.\(port)" }
    public var superuser: String { "postgres" }

    /// Decides where the cluster lives and who runs it; touches nothing yet.
    public init(
        requestedDirectory: String,
        binaries: PostgresBinaries,
        port: Int = 5432,
        settings: [String: String] = [:],
        logger: Logger
    ) throws {
        self.binaries = binaries
        self.port = port
        self.settings = settings
        self.logger = logger
        let requested = URL(fileURLWithPath: requestedDirectory).standardizedFileURL.path
        try Self.checkFolderPath(requested)
        let isRoot = geteuid() == 0
        if isRoot {
            guard getpwnam("postgres") != nil else { throw LocalClusterError.noPostgresUser }
            self.runAsUser = "postgres"
        } else {
            self.runAsUser = nil
        }
        let socketFits = (requested + "/.s.PGSQL.\(port)").utf8.count < 100
        if socketFits && (!isRoot || Self.isReachableByOthers(requested)) {
            self.dataDirectory = requested
        } else {
            let fallback = "/tmp/parkdesk-\(geteuid())-\(Self.shortHash(requested))/pgdata"
            logger.notice(
                "Local PostgreSQL data moved to a folder the postgres user can reach",
                metadata: [
                    "requested": "\(requested)", "using": "\(fallback)",
                    "reason": "\(socketFits ? "a parent folder is closed to other users" : "socket path too long")",
                ])
            self.dataDirectory = fallback
        }
    }

    /// Creates the cluster if it does not exist yet (UTF-8, C.UTF-8, superuser `postgres`, local trust).
    public func initializeIfNeeded() throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: dataDirectory + "/PG_VERSION") { return }
        try prepareEmptyFolder()
        logger.info("Creating local PostgreSQL cluster", metadata: ["dataDirectory": "\(dataDirectory)"])
        let result = try runner.run(
            binaries.initdb,
            [
                "-D", dataDirectory, "-U", superuser, "-E", "UTF8", "--locale=C.UTF-8",
                "--auth=trust", "--no-instructions",
            ])
        guard result.status == 0 else {
            throw LocalClusterError.commandFailed(command: "initdb", output: result.output)
        }
        let conf = dataDirectory + "/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: conf))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\ninclude_if_exists = 'parkdesk.conf'\n".utf8))
        try handle.close()
    }

    /// Creates the data folder for the server's user, refusing one that holds something else.
    private func prepareEmptyFolder() throws {
        let fm = FileManager.default
        if let contents = try? fm.contentsOfDirectory(atPath: dataDirectory), !contents.isEmpty {
            throw LocalClusterError.foreignFolder(dataDirectory)
        }
        try fm.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        if let user = runAsUser, let account = getpwnam(user) {
            let parent = (dataDirectory as NSString).deletingLastPathComponent
            if parent.hasPrefix("/tmp/parkdesk-") { chown(parent, account.pointee.pw_uid, account.pointee.pw_gid) }
            chown(dataDirectory, account.pointee.pw_uid, account.pointee.pw_gid)
        }
        chmod(dataDirectory, 0o700)
    }

    /// Starts the server unless it already runs. Returns `true` when this call started it (and so the
    /// caller should stop it), `false` when another process's server was reused.
    @discardableResult
    public func start() throws -> Bool {
        try initializeIfNeeded()
        if isRunning {
            logger.info("Reusing running local PostgreSQL", metadata: ["socket": "\(socketPath)"])
            return false
        }
        removeStalePidFile()
        try writeSettings()
        let logFile = dataDirectory + "/server.log"
        let result = try runner.run(binaries.pgCtl, ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "start"])
        guard result.status == 0 else {
            let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
            throw LocalClusterError.commandFailed(
                command: "pg_ctl start", output: result.output + "\n" + String(log.suffix(400)))
        }
        logger.info(
            "Local PostgreSQL started", metadata: ["socket": "\(socketPath)", "runAs": "\(runAsUser ?? "self")"])
        return true
    }

    /// A hot standby of this running cluster in `directory` (its socket named by `port`), made with
    /// `pg_basebackup -R` the first time: it streams WAL from this cluster's socket and answers read-only queries
    /// once started. Returns it not started; an existing standby folder is reused as it is.
    public func standby(in directory: String, port: Int) throws -> LocalCluster {
        let standby = try LocalCluster(
            requestedDirectory: directory, binaries: binaries, port: port, settings: settings, logger: logger)
        let fm = FileManager.default
        if fm.fileExists(atPath: standby.dataDirectory + "/PG_VERSION") { return standby }
        try standby.prepareEmptyFolder()
        logger.info("Copying the cluster into a standby", metadata: ["standby": "\(standby.dataDirectory)"])
        let result = try runner.run(
            binaries.directory + "/pg_basebackup",
            [
                "-D", standby.dataDirectory, "-R", "-X", "stream", "-c", "fast", "-h", dataDirectory, "-p",
                "\(self.port)",
                "-U", superuser,
            ])
        guard result.status == 0 else {
            throw LocalClusterError.commandFailed(command: "pg_basebackup", output: result.output)
        }
        return standby
    }

    /// Stops the server (fast shutdown: open sessions are ended, data is safe).
    public func stop() throws {
        guard isRunning else { return }
        let result = try runner.run(binaries.pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "-t", "60", "stop"])
        guard result.status == 0 else {
            throw LocalClusterError.commandFailed(command: "pg_ctl stop", output: result.output)
        }
        logger.info("Local PostgreSQL stopped", metadata: ["dataDirectory": "\(dataDirectory)"])
    }

    /// The PID recorded in `postmaster.pid`, if that process exists and is a PostgreSQL server.
    public var runningPID: Int32? {
        guard let pid = recordedPID else { return nil }
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        return comm.hasPrefix("postgres") || comm.hasPrefix("postmaster") ? pid : nil
    }

    public var isRunning: Bool { runningPID != nil }

    /// Whether the server left its `postmaster.pid` behind: a crash (or a kill) does, a clean stop does not.
    public var leftPidFile: Bool { recordedPID != nil }

    private var recordedPID: Int32? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first
        else { return nil }
        return Int32(first.trimmingCharacters(in: .whitespaces))
    }

    /// A `postmaster.pid` left by a crash (or naming a PID now used by another program) blocks start-up.
    private func removeStalePidFile() {
        let path = dataDirectory + "/postmaster.pid"
        guard FileManager.default.fileExists(atPath: path) else { return }
        logger.notice("Removing stale postmaster.pid left by an unclean stop", metadata: ["path": "\(path)"])
        try? FileManager.default.removeItem(atPath: path)
    }

    private func writeSettings() throws {
        var all = [
            "listen_addresses": "''",
            "unix_socket_directories": Self.quoted(dataDirectory),
            "port": "\(port)",
            "max_connections": "200",
            // The listings table and its indexes stay in memory up to a few hundred thousand rows.
            "shared_buffers": "256MB",
        ]
        for (key, value) in settings { all[key] = value }
        let text = all.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: "\n") + "\n"
        let path = dataDirectory + "/parkdesk.conf"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        if let user = runAsUser, let account = getpwnam(user) {
            chown(path, account.pointee.pw_uid, account.pointee.pw_gid)
        }
    }

    private var runner: ProcessRunner { ProcessRunner(runAsUser: runAsUser) }

    private static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// Refuses a path whose existing parts include a file (the cluster would otherwise end up elsewhere).
    static func checkFolderPath(_ path: String) throws {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: prefix, isDirectory: &isFolder) else { return }
            guard isFolder.boolValue else { throw LocalClusterError.pathThroughFile(prefix) }
        }
    }

    /// True when every existing parent folder lets other users pass (`o+x`), as the `postgres` user must.
    static func isReachableByOthers(_ path: String) -> Bool {
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        while url.path != "/" {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
                let mode = attributes[.posixPermissions] as? Int, mode & 0o001 == 0
            {
                return false
            }
            url.deleteLastPathComponent()
        }
        return true
    }

    private static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
