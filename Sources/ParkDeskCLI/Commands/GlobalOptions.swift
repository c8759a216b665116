import ArgumentParser
import Foundation
import Logging
import ParkDeskStore
import ParkDeskCluster

/// Options every database command shares.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical (env LOG_LEVEL).")
    var logLevel: String?

    func makeLogger(default level: Logger.Level = .warning) throws -> Logger {
        let text = logLevel ?? CLIContext.environment["LOG_LEVEL"] ?? level.rawValue
        guard let parsed = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical.")
        }
        let json: Bool
        switch CLIContext.environment["LOG_FORMAT"]?.lowercased() {
        case nil, "", "text": json = false
        case "json": json = true
        case let other?: throw ValidationError("LOG_FORMAT must be text or json, not '\(other)'.")
        }
        var logger = Logger(label: "parkdesk") { label -> any LogHandler in
            json
                ? JSONLogHandler(label: label)
                : DeferredMetadataLogHandler(StreamLogHandler.standardError(label: label))
        }
        logger.logLevel = parsed
        return logger
    }

    /// Opens the database with this command's log level and runs `body` with it.
    func withDatabase<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        try await ParkDeskCLI.withDatabase(logger: try makeLogger(), body)
    }
}

/// Opens the database (local cluster or `DATABASE_URL`), runs `body` with it, and closes
/// everything again — also stopping a local cluster that this process started.
func withDatabase<T: Sendable>(
    logger: Logger,
    migrate: Bool = true,
    _ body: @Sendable (Database) async throws -> T
) async throws -> T {
    try await withDatabase(logger: logger, migrate: migrate) { database, _ in try await body(database) }
}

/// The same, with where the database is (for the commands that run PostgreSQL's own tools against it).
func withDatabase<T: Sendable>(
    logger: Logger,
    migrate: Bool = true,
    _ body: @Sendable (Database, DatabaseEndpoint) async throws -> T
) async throws -> T {
    let endpoint = try await DatabaseEndpoint.open(environment: CLIContext.environment, logger: logger)
    defer { endpoint.shutdown(logger: logger) }
    var poolLogger = logger
    poolLogger.logLevel = max(logger.logLevel, .error)  // the pool's start-up chatter is not for staff
    let pool = DatabasePool(endpoint.address, logger: poolLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await pool.run() }
        defer { group.cancelAll() }
        let database = Database(pool: pool, logger: logger)
        if migrate { try await database.migrate(with: Migrator(logger: logger)) }
        return try await body(database, endpoint)
    }
}
