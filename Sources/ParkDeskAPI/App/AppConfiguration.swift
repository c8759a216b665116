public import Foundation
public import Logging

/// How the HTTP service is set up: from flags, else environment, else defaults.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var logLevel: Logger.Level

    public init(host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info) {
        self.host = host
        self.port = port
        self.logLevel = logLevel
    }

    /// Reads `PARKDESK_HOST`, `PARKDESK_PORT` and `LOG_LEVEL`.
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
        return configuration
    }
}

/// A setting that cannot be used; the message says which and why.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
}
