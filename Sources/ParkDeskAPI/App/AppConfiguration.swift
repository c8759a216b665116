public import Foundation
public import Logging

/// How the HTTP service is set up: from flags, else environment, else defaults.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level
    /// Browser origins allowed to call the API (`PARKDESK_CORS_ORIGINS`, comma-separated; `*` for any).
    public var corsOrigins: [String]
    /// Longest a single SQL statement may run before PostgreSQL stops it (`PARKDESK_STATEMENT_TIMEOUT_MS`).
    public var statementTimeoutMs: Int
    /// Largest request body accepted.
    public var maxBodyBytes: Int
    /// Inquiries one client address may send in a burst (`PARKDESK_LEAD_RATE_BURST`; 0 turns the limit off).
    public var leadRateBurst: Int
    /// Inquiries per minute a client address earns back (`PARKDESK_LEAD_RATE_PER_MINUTE`).
    public var leadRatePerMinute: Int = 6
    /// Website posts faster than this after showing the form are dropped as bots (`PARKDESK_LEAD_MIN_FILL_MS`).
    public var leadMinFillMillis: Int = 3000
    /// Proxies whose `X-Forwarded-For` is believed (`PARKDESK_TRUSTED_PROXIES`: addresses or CIDR blocks).
    public var trustedProxies: [String] = []
    /// Most connections the server opens to PostgreSQL (`PARKDESK_DB_CONNECTIONS`; default twice the cores, at
    /// least 4). More only queue inside PostgreSQL: on 2 cores, 20 instead of 4 left throughput alone and nearly
    /// doubled p99 at 8 concurrent searches (86.7 vs 46.1 ms; BENCHMARKS.md).
    public var databaseConnections: Int = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
    /// Longest a request may take to produce its answer's head (`PARKDESK_REQUEST_TIMEOUT_MS`; default the
    /// statement limit plus 2 s); then 503 + `Retry-After`.
    public var requestTimeoutMs: Int?
    /// Longest the server waits for a new database connection (`PARKDESK_DB_CONNECT_TIMEOUT_MS`).
    public var databaseConnectTimeoutMs: Int = 3000
    /// Longest a SIGTERM/SIGINT shutdown waits for requests in progress (`PARKDESK_SHUTDOWN_GRACE_MS`).
    public var shutdownGraceMs: Int = 10_000
    /// Most client connections open at once (`PARKDESK_MAX_CLIENT_CONNECTIONS`); more wait in the listen backlog.
    public var maxClientConnections: Int = 1000
    /// Time limits for each part of a client connection (`PARKDESK_HEADER_TIMEOUT_MS`, `PARKDESK_BODY_TIMEOUT_MS`,
    /// `PARKDESK_IDLE_TIMEOUT_MS`).
    public var connectionLimits = ConnectionLimits()

    /// The request deadline in force.
    public var requestDeadline: Duration { .milliseconds(requestTimeoutMs ?? statementTimeoutMs + 2000) }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info, corsOrigins: [String] = [],
        statementTimeoutMs: Int = 5000, maxBodyBytes: Int = 256 * 1024, leadRateBurst: Int = 10
    ) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.corsOrigins = corsOrigins
        self.statementTimeoutMs = statementTimeoutMs
        self.maxBodyBytes = maxBodyBytes
        self.leadRateBurst = leadRateBurst
    }

    /// Reads every `PARKDESK_*` setting and `LOG_LEVEL` (README's Configuration lists them).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AppConfiguration {
        var configuration = AppConfiguration()
        if let host = environment["PARKDESK_HOST"], !host.isEmpty { configuration.host = host }
        if let text = environment["PARKDESK_PORT"], !text.isEmpty {
            guard let port = Int(text), (0...65535).contains(port) else {
                throw ConfigurationError(description: "PARKDESK_PORT must be a port number (0–65535), not '\(text)'.")
            }
            configuration.port = port
        }
        if let text = environment["LOG_LEVEL"], !text.isEmpty {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError(
                    description: "LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical.")
            }
            configuration.logLevel = level
        }
        if let text = environment["PARKDESK_CORS_ORIGINS"], !text.isEmpty {
            let origins = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            for origin in origins where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://"))
            {
                throw ConfigurationError(
                    description:
                        "PARKDESK_CORS_ORIGINS entries must be origins like https://www.example.cn (or *), not "
                        + "'\(origin)'."
                )
            }
            configuration.corsOrigins = origins
        }
        if let text = environment["PARKDESK_STATEMENT_TIMEOUT_MS"], !text.isEmpty {
            guard let ms = Int(text), (100...600_000).contains(ms) else {
                throw ConfigurationError(
                    description: "PARKDESK_STATEMENT_TIMEOUT_MS must be 100–600000, not '\(text)'.")
            }
            configuration.statementTimeoutMs = ms
        }
        configuration.leadRateBurst =
            try integer(environment, "PARKDESK_LEAD_RATE_BURST", 0...100_000) ?? configuration.leadRateBurst
        configuration.leadRatePerMinute =
            try integer(environment, "PARKDESK_LEAD_RATE_PER_MINUTE", 1...1_000_000)
            ?? configuration.leadRatePerMinute
        configuration.leadMinFillMillis =
            try integer(environment, "PARKDESK_LEAD_MIN_FILL_MS", 0...600_000)
            ?? configuration.leadMinFillMillis
        configuration.databaseConnections =
            try integer(environment, "PARKDESK_DB_CONNECTIONS", 1...500)
            ?? configuration.databaseConnections
        configuration.requestTimeoutMs = try integer(environment, "PARKDESK_REQUEST_TIMEOUT_MS", 100...600_000)
        configuration.databaseConnectTimeoutMs =
            try integer(environment, "PARKDESK_DB_CONNECT_TIMEOUT_MS", 100...60_000)
            ?? configuration.databaseConnectTimeoutMs
        configuration.shutdownGraceMs =
            try integer(environment, "PARKDESK_SHUTDOWN_GRACE_MS", 0...600_000)
            ?? configuration.shutdownGraceMs
        configuration.maxClientConnections =
            try integer(environment, "PARKDESK_MAX_CLIENT_CONNECTIONS", 1...100_000)
            ?? configuration.maxClientConnections
        let limits = configuration.connectionLimits
        configuration.connectionLimits.headerTimeout =
            try duration(environment, "PARKDESK_HEADER_TIMEOUT_MS")
            ?? limits.headerTimeout
        configuration.connectionLimits.bodyTimeout =
            try duration(environment, "PARKDESK_BODY_TIMEOUT_MS") ?? limits.bodyTimeout
        configuration.connectionLimits.idleTimeout =
            try duration(environment, "PARKDESK_IDLE_TIMEOUT_MS") ?? limits.idleTimeout
        if let text = environment["PARKDESK_TRUSTED_PROXIES"], !text.isEmpty {
            let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            for entry in entries where AddressBlock(entry) == nil {
                throw ConfigurationError(
                    description:
                        "PARKDESK_TRUSTED_PROXIES entries must be IP addresses or CIDR blocks like 10.0.0.0/8, "
                        + "not '\(entry)'."
                )
            }
            configuration.trustedProxies = entries
        }
        return configuration
    }

    private static func duration(_ environment: [String: String], _ name: String) throws -> Duration? {
        try integer(environment, name, 100...3_600_000).map { .milliseconds($0) }
    }

    private static func integer(
        _ environment: [String: String], _ name: String, _ range: ClosedRange<Int>
    ) throws -> Int? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                description: "\(name) must be a whole number in \(range.lowerBound)–\(range.upperBound), not '\(text)'."
            )
        }
        return value
    }
}

/// A setting that cannot be used; the message says which and why.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
}
