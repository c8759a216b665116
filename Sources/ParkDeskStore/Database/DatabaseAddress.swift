import Foundation
public import Logging
import NIOSSL
public import PostgresNIO

/// Where a PostgreSQL database is and how the program talks to it: the server named by a URL or a local socket,
/// the statement time limit, the time to connect, the pool's size. The Store's callers name databases with it
/// and never with PostgresNIO's types.
public struct DatabaseAddress: Sendable {
    public var configuration: PostgresClient.Configuration

    public init(_ configuration: PostgresClient.Configuration) {
        self.configuration = configuration
    }

    /// The database a `postgres://` URL names (`DatabaseURL`); errors name the setting it came from, `variable`.
    public init(url: String, variable: String = "DATABASE_URL") throws {
        configuration = try DatabaseURL.configuration(from: url, variable: variable)
    }

    /// A database of a server on this machine, through its Unix socket.
    public init(socket path: String, user: String, database: String) {
        configuration = .init(unixSocketPath: path, username: user, password: nil, database: database)
    }

    /// The socket it is reached through, when local.
    public var socketPath: String? { configuration.unixSocketPath }
    public var user: String { configuration.username }
    public var databaseName: String? { configuration.database }

    /// The same database with a per-statement time limit, so that no query runs away.
    public func limitingStatements(toMilliseconds ms: Int) -> DatabaseAddress {
        var address = self
        address.configuration.options.additionalStartupParameters.append(("statement_timeout", "\(ms)"))
        return address
    }

    /// The same database, giving up on a new connection after `ms` milliseconds.
    public func connecting(within ms: Int) -> DatabaseAddress {
        var address = self
        address.configuration.options.connectTimeout = .milliseconds(ms)
        return address
    }

    /// The same database through at most `count` connections, each closed after 10 s unused, with no keep-alive
    /// queries. PostgresNIO's pool starts a timer (`Task.sleep`) for each of these every time a connection comes
    /// back, cancelled at its next use, and on Linux a cancelled sleep keeps ~0.5 KB until it would have ended: at
    /// 3,000 requests a second the defaults (60 s, 30 s) held ~150 MiB (BENCHMARKS.md, session 14); 10 s holds
    /// ~15 MiB. A dead connection is found by the next statement and the database monitor's probe, and one idle
    /// for 10 s is gone before a firewall could drop it. (Keeping connections open with `minimumConnections`
    /// needs no timer at all, but PostgresNIO 1.33 then traps — `createNewDemandConnectionIfPossible`'s
    /// precondition — when a request arrives while connections are closing: 4 of 20 database kills here.)
    public func pooling(upTo count: Int) -> DatabaseAddress {
        var address = self
        address.configuration.options.maximumConnections = count
        address.configuration.options.connectionIdleTimeout = .seconds(10)
        address.configuration.options.keepAliveBehavior = nil
        return address
    }

    /// Creates the database `name` on the same server (a copy of `template` if named) unless it exists; safe when
    /// two processes do it at once.
    public func createDatabaseIfMissing(_ name: String, template: String? = nil, logger: Logger) async throws {
        var server = configuration
        server.database = "postgres"
        let client = PostgresClient(configuration: server, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.withConnection { connection in
                try await DatabaseAdmin.createDatabaseIfMissing(
                    name, template: template, on: connection, logger: logger)
            }
        }
    }
}

/// A pool of connections to one database; it works while `run()` runs (a service of `serve`, a task of a command).
public struct DatabasePool: Sendable {
    let client: PostgresClient

    public init(_ address: DatabaseAddress, logger: Logger) {
        client = PostgresClient(configuration: address.configuration, backgroundLogger: logger)
    }

    public init(client: PostgresClient) {
        self.client = client
    }

    /// Keeps the pool's connections until cancelled or shut down gracefully.
    public func run() async {
        await client.run()
    }
}

/// Parses `DATABASE_URL` (`postgres://user:password@host:port/database?sslmode=…`, or `?host=/socket/dir`).
public enum DatabaseURL {
    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The connection `text` names; errors name the setting it came from, `variable`.
    public static func configuration(
        from text: String, variable: String = "DATABASE_URL"
    ) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: text),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw Invalid(description: "\(variable) must look like postgres://user:password@host:5432/database.")
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { _, last in last }
        let username = components.percentEncodedUser?.removingPercentEncoding ?? "postgres"
        let password = components.percentEncodedPassword?.removingPercentEncoding
        var database = String(components.path.drop { $0 == "/" })
        if database.isEmpty { database = username }
        let port = components.port ?? 5432

        if let socketDirectory = query["host"], socketDirectory.hasPrefix("/") {
            return .init(
                unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)",
                username: username, password: password, database: database)
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "\(variable) names no host.")
        }
        // As libpq: prefer and require encrypt without checking the certificate; verify-* check it.
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        let tls: PostgresClient.Configuration.TLS
        switch query["sslmode"] ?? "prefer" {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer(unverified)
        case "require": tls = .require(unverified)
        case "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        case let other:
            throw Invalid(description: "\(variable) sslmode '\(other)' is not one of disable, prefer, require.")
        }
        return .init(host: host, port: port, username: username, password: password, database: database, tls: tls)
    }
}
