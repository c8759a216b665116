import Foundation
public import PostgresNIO
import NIOSSL

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
