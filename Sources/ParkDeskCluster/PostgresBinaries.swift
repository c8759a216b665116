public import Foundation

/// The installed PostgreSQL server programs (`initdb`, `pg_ctl`, `postgres`).
public struct PostgresBinaries: Sendable, Equatable {
    public let directory: String

    public var initdb: String { directory + "/initdb" }
    public var pgCtl: String { directory + "/pg_ctl" }

    public init(directory: String) {
        self.directory = directory
    }

    /// Finds the server binaries: `PARKDESK_PG_BINDIR`, then `pg_config --bindir`, then the newest
    /// `/usr/lib/postgresql/*/bin` — the first that holds `programs` (by default the server's; `pg_dump` and
    /// `pg_restore` for backups, which a machine with only the client package has too).
    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        pgConfigCandidates: [String] = ["/usr/bin/pg_config", "/usr/local/bin/pg_config"],
        versionedRoots: [String] = ["/usr/lib/postgresql"],
        programs: [String] = ["initdb", "pg_ctl"]
    ) throws -> PostgresBinaries {
        var candidates: [String] = []
        if let dir = environment["PARKDESK_PG_BINDIR"], !dir.isEmpty { candidates.append(dir) }
        for pgConfig in pgConfigCandidates where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let result = try? ProcessRunner().run(pgConfig, ["--bindir"]), result.status == 0 {
                candidates.append(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        for root in versionedRoots {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            let newestFirst = versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }
            candidates += newestFirst.map { "\(root)/\($0)/bin" }
        }
        for dir in candidates {
            if programs.allSatisfy({ FileManager.default.isExecutableFile(atPath: dir + "/" + $0) }) {
                return PostgresBinaries(directory: dir)
            }
        }
        throw LocalClusterError.binariesNotFound
    }
}
