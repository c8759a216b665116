import Foundation
public import Logging
#if canImport(Glibc)
import Glibc
#endif

/// One process's use of the local cluster, coordinated with `flock` on two files beside the data folder and
/// named after it (`pgdata.start.lock`, `pgdata.users.lock`, so two clusters in one parent never share a lease):
/// `start.lock` (exclusive, held briefly) serialises creating, starting and stopping, so processes that
/// start together cannot race `initdb` or `pg_ctl`; `users.lock` (shared, held for the lease) counts the
/// processes using the cluster. On release, the last user stops the cluster — so a `parkdesk` command
/// that finishes while `serve` still runs leaves the server up — unless the server was started outside ParkDesk
/// (by hand with `pg_ctl`: running while no ParkDesk process held a lease), which `pgdata.external` records and
/// every ParkDesk process then leaves alone.
public final class ClusterLease: Sendable {
    public let cluster: LocalCluster
    private let startLock: Int32
    private let usersLock: Int32

    /// Takes a lease, creating and starting the cluster if needed.
    public init(_ cluster: LocalCluster) throws {
        self.cluster = cluster
        let folder = (cluster.dataDirectory as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        startLock = try Self.openLockFile(cluster.dataDirectory + ".start.lock")
        do {
            usersLock = try Self.openLockFile(cluster.dataDirectory + ".users.lock")
        } catch {
            close(startLock)
            throw error
        }
        do {
            try Self.lock(startLock, LOCK_EX)
            defer { flock(startLock, LOCK_UN) }
            // no ParkDesk process uses the cluster: if its server runs, someone else started it
            if flock(usersLock, LOCK_EX | LOCK_NB) == 0 {
                defer { flock(usersLock, LOCK_UN) }
                Self.mark(cluster, external: cluster.isRunning)
            }
            if try cluster.start() { Self.mark(cluster, external: false) }
            try Self.lock(usersLock, LOCK_SH)
        } catch {
            close(startLock)
            close(usersLock)
            throw error
        }
    }

    /// Starts the cluster again if its server is gone (killed, crashed); `true` when this call started it.
    /// PostgreSQL's own crash recovery runs on start.
    public func restartIfStopped() throws -> Bool {
        try Self.lock(startLock, LOCK_EX)
        defer { flock(startLock, LOCK_UN) }
        guard !cluster.isRunning else { return false }
        let started = try cluster.start()
        if started { Self.mark(cluster, external: false) }
        return started
    }

    /// Whether the running server was started outside ParkDesk (then no ParkDesk process stops it).
    public var serverIsExternal: Bool { FileManager.default.fileExists(atPath: cluster.dataDirectory + ".external") }

    private static func mark(_ cluster: LocalCluster, external: Bool) {
        let marker = cluster.dataDirectory + ".external"
        if external {
            FileManager.default.createFile(atPath: marker, contents: Data("started outside ParkDesk\n".utf8))
        } else {
            try? FileManager.default.removeItem(atPath: marker)
        }
    }

    /// Gives the lease back; stops the cluster when no other process holds one.
    public func release(logger: Logger) {
        defer {
            close(usersLock)
            close(startLock)
        }
        guard (try? Self.lock(startLock, LOCK_EX)) != nil else { return }
        defer { flock(startLock, LOCK_UN) }
        flock(usersLock, LOCK_UN)
        guard flock(usersLock, LOCK_EX | LOCK_NB) == 0 else {
            logger.info("Local PostgreSQL left running for the other parkdesk processes using it")
            return
        }
        defer { flock(usersLock, LOCK_UN) }
        guard !serverIsExternal else {
            logger.info("Local PostgreSQL left running: it was started outside ParkDesk")
            return
        }
        do { try cluster.stop() } catch { logger.error("Could not stop local PostgreSQL: \(error)") }
    }

    private static func openLockFile(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw LocalClusterError.commandFailed(command: "open \(path)", output: String(cString: strerror(errno)))
        }
        return descriptor
    }

    private static func lock(_ descriptor: Int32, _ operation: Int32) throws {
        while flock(descriptor, operation) != 0 {
            guard errno == EINTR else {
                throw LocalClusterError.commandFailed(command: "flock", output: String(cString: strerror(errno)))
            }
        }
    }
}
