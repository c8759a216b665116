import Foundation
public import Logging
public import PostgresNIO
import ParkDeskCluster
import ParkDeskStore
#if canImport(Glibc)
import Glibc
#endif

/// Gives each test suite its own freshly migrated database on one throwaway PostgreSQL cluster per
/// test run (or on the server named by `TEST_DATABASE_URL`).
public actor TestDatabase {
    public static let shared = TestDatabase()

    private var server: Server?
    private var counter = 0
    private var templateCreation: Task<String, any Error>?
    private var creating = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private static let creatingAtOnce = 4

    private enum Server {
        case local(LocalCluster)
        case url(PostgresClient.Configuration)
    }

    /// A new, migrated database; its name starts with `prefix`. It is a copy of one database migrated once per
    /// run (`CREATE DATABASE … TEMPLATE`), made at most `creatingAtOnce` at a time: 59 suites starting together
    /// once held ~120 connections waiting on `CREATE DATABASE` plus a migration pool each, and a run on a
    /// faster machine filled `max_connections`.
    public func fresh(_ prefix: String = "t") async throws -> PostgresClient.Configuration {
        let template = try await migratedTemplate()
        return try await create(prefix, template: template)
    }

    /// A new, migrated database as a `DATABASE_URL`, for driving the CLI.
    public func freshURL(_ prefix: String = "cli") async throws -> String {
        Self.url(of: try await fresh(prefix))
    }

    /// A new database with nothing in it, as a `DATABASE_URL` (to restore a backup into).
    public func emptyURL(_ prefix: String = "empty") async throws -> String {
        Self.url(of: try await empty(prefix))
    }

    static func url(of configuration: PostgresClient.Configuration) -> String {
        let database = configuration.database ?? ""
        if let socket = configuration.unixSocketPath {
            let directory = (socket as NSString).deletingLastPathComponent
            let port = socket.split(separator: ".").last.map(String.init) ?? "5432"
            return "postgres://\(configuration.username)@localhost:\(port)/\(database)?host=\(directory)"
        }
        let env = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] ?? ""
        guard var components = URLComponents(string: env) else { return env }
        components.path = "/" + database
        return components.string ?? env
    }

    /// A database with no migrations applied, for testing the migrator itself.
    public func empty(_ prefix: String = "m") async throws -> PostgresClient.Configuration {
        try await create(prefix, template: nil)
    }

    /// The database every `fresh` one copies, migrated when first asked for.
    private func migratedTemplate() async throws -> String {
        if let templateCreation { return try await templateCreation.value }
        let creation = Task {
            let configuration = try await self.create("template", template: nil)
            _ = try await withClient(configuration) { try await Migrator(logger: Self.logger).migrate($0) }
            let name = configuration.database ?? ""
            try await self.endSessions(on: name)
            return name
        }
        templateCreation = creation
        return try await creation.value
    }

    /// Ends the sessions still connected to `database`: PostgreSQL copies a template only when nobody is connected
    /// to it, and a CI run found the migration pool's last connection still open minutes after its client ended.
    private func endSessions(on database: String) async throws {
        let admin =
            switch try await startIfNeeded() {
            case .local(let cluster): cluster.address(database: "postgres").configuration
            case .url(let base): base
            }
        try await withClient(admin) { client in
            _ = try await client.query(
                """
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = \(database) AND pid <> pg_backend_pid()
                """)
        }
    }

    private func create(_ prefix: String, template: String?) async throws -> PostgresClient.Configuration {
        let server = try await startIfNeeded()
        counter += 1
        let name = "\(prefix.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) })_\(getpid())_\(counter)"
        while creating >= Self.creatingAtOnce { await withCheckedContinuation { waiting.append($0) } }
        creating += 1
        defer {
            creating -= 1
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        // A session on the template that has not yet ended makes PostgreSQL refuse the copy (55006, after waiting
        // 5 s), so try again a few times.
        var attempts = 0
        while true {
            attempts += 1
            do {
                return try await Self.createDatabase(name, template: template, on: server)
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempts < 10 {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private static func createDatabase(
        _ name: String, template: String?, on server: Server
    ) async throws -> PostgresClient.Configuration {
        switch server {
        case .local(let cluster):
            try await cluster.createDatabaseIfMissing(name, template: template, logger: Self.logger)
            return cluster.address(database: name).configuration
        case .url(let base):
            try await withClient(base) { client in
                try await client.withConnection {
                    try await DatabaseAdmin.createDatabaseIfMissing(
                        name, template: template, on: $0, logger: Self.logger)
                }
            }
            return Self.configuration(base, database: name)
        }
    }

    public static let logger: Logger = {
        var logger = Logger(label: "parkdesk.tests")
        logger.logLevel = .error
        return logger
    }()

    private func startIfNeeded() async throws -> Server {
        if let server { return server }
        let env = ProcessInfo.processInfo.environment
        if let url = env["TEST_DATABASE_URL"], !url.isEmpty {
            let server = Server.url(try DatabaseAddress(url: url).configuration)
            self.server = server
            return server
        }
        let directory = NSTemporaryDirectory() + "parkdesk-tests-\(getpid())/pgdata"
        let cluster = try LocalCluster(
            requestedDirectory: directory,
            binaries: try PostgresBinaries.locate(),
            // 55 suites at once on two cores keep up to ~200 connections open (each app's pool, idle ones closing
            // after a minute): room to spare, so that a slow run is not a full one
            settings: [
                "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "500",
            ],
            logger: Self.logger)
        try cluster.start()
        TestClusterReaper.register(cluster)
        let server = Server.local(cluster)
        self.server = server
        return server
    }

    private static func configuration(
        _ base: PostgresClient.Configuration, database: String
    ) -> PostgresClient.Configuration {
        var configuration = base
        configuration.database = database
        return configuration
    }
}

/// Runs `body` with a `PostgresClient` whose connection pool runs for the duration of the call.
public func withClient<T: Sendable>(
    _ configuration: PostgresClient.Configuration,
    _ body: @Sendable (PostgresClient) async throws -> T
) async throws -> T {
    let client = PostgresClient(configuration: configuration, backgroundLogger: TestDatabase.logger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await client.run() }
        defer { group.cancelAll() }
        return try await body(client)
    }
}

/// Stops the test clusters and deletes their folders when the test process exits.
enum TestClusterReaper {
    nonisolated(unsafe) private static var clusters: [LocalCluster] = []
    private static let lock = NSLock()

    static func register(_ cluster: LocalCluster) {
        lock.withLock {
            if clusters.isEmpty {
                atexit {
                    for cluster in TestClusterReaper.lock.withLock({ TestClusterReaper.clusters }).reversed() {
                        try? cluster.stop()
                        try? FileManager.default.removeItem(
                            atPath: (cluster.dataDirectory as NSString).deletingLastPathComponent)
                    }
                }
            }
            clusters.append(cluster)
        }
    }
}

extension PostgresClient.Configuration {
    /// `DatabaseAddress`'s settings, for tests that make their own clients.
    public func limitingStatements(toMilliseconds ms: Int) -> PostgresClient.Configuration {
        DatabaseAddress(self).limitingStatements(toMilliseconds: ms).configuration
    }

    public func connecting(within ms: Int) -> PostgresClient.Configuration {
        DatabaseAddress(self).connecting(within: ms).configuration
    }

    public func pooling(upTo count: Int) -> PostgresClient.Configuration {
        DatabaseAddress(self).pooling(upTo: count).configuration
    }
}
