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

    public init(host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info, corsOrigins: [String] = [],
                statementTimeoutMs: Int = 5000, maxBodyBytes: Int = 256 * 1024) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.corsOrigins = corsOrigins
        self.statementTimeoutMs = statementTimeoutMs
        self.maxBodyBytes = maxBodyBytes
    }

    /// Reads `PARKDESK_HOST`, `PARKDESK_PORT`, `LOG_LEVEL`, `PARKDESK_CORS_ORIGINS` and `PARKDESK_STATEMENT_TIMEOUT_MS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfiguration {
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
                throw ConfigurationError(description: "LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical.")
            }
            configuration.logLevel = level
        }
        if let text = environment["PARKDESK_CORS_ORIGINS"], !text.isEmpty {
            let origins = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for origin in origins where origin != "*" && !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) {
                throw ConfigurationError(description: "PARKDESK_CORS_ORIGINS entries must be origins like https://www.example.cn (or *), not '\(origin)'.")
            }
            configuration.corsOrigins = origins
        }
        if let text = environment["PARKDESK_STATEMENT_TIMEOUT_MS"], !text.isEmpty {
            guard let ms = Int(text), (100...600_000).contains(ms) else {
                throw ConfigurationError(description: "PARKDESK_STATEMENT_TIMEOUT_MS must be 100–600000, not '\(text)'.")
            }
            configuration.statementTimeoutMs = ms
        }
        return configuration
    }
}

/// A setting that cannot be used; the message says which and why.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
}
