public import Foundation
public import ParkDeskMedia
public import ParkDeskNotify
public import Logging
public import ParkDeskWeb
import ParkDeskHTTP
public import ParkDeskStore

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
    /// A readiness probe slower than this is given up and changes nothing; only a refused or dropped connection
    /// marks the database away, and then requests answer 503 at once (`PARKDESK_DB_PROBE_TIMEOUT_MS`).
    public var databaseProbeTimeoutMs: Int = 2000
    /// Longest a SIGTERM/SIGINT shutdown waits for requests in progress (`PARKDESK_SHUTDOWN_GRACE_MS`).
    public var shutdownGraceMs: Int = 10_000
    /// Most client connections open at once (`PARKDESK_MAX_CLIENT_CONNECTIONS`); more wait in the listen backlog.
    public var maxClientConnections: Int = 1000
    /// Time limits for each part of a client connection (`PARKDESK_HEADER_TIMEOUT_MS`, `PARKDESK_BODY_TIMEOUT_MS`,
    /// `PARKDESK_IDLE_TIMEOUT_MS`).
    public var connectionLimits = ConnectionLimits()
    /// The office as the website shows it (`PARKDESK_OFFICE_*`, `PARKDESK_PUBLIC_URL`, `PARKDESK_PRIVACY_*`).
    public var office = Office()

    /// The address people reach the office at (`PARKDESK_PUBLIC_URL`): links in messages and password links.
    public var publicURL: String { office.publicURL }
    /// Where stored photos and documents live (`PARKDESK_MEDIA_DIR`; default `media` beside the data folder).
    public var mediaDirectory = MediaLibrary.directory(environment: ProcessInfo.processInfo.environment)
    /// Upload limits (`PARKDESK_MEDIA_MAX_MB`, `PARKDESK_MEDIA_MAX_PIXELS`, `PARKDESK_MEDIA_PER_LISTING`).
    public var mediaLimits = MediaLimits()
    /// Housekeeping: what is kept how long, and how often `serve` runs it (`PARKDESK_EXPIRE_DAYS`,
    /// `PARKDESK_LEAD_RETENTION_DAYS`, `PARKDESK_DROPPED_POSTS_DAYS`, `PARKDESK_NOTIFY_RETENTION_DAYS`,
    /// `PARKDESK_MAINTENANCE_MINUTES`).
    public var maintenance = MaintenancePolicy()
    /// Who may read `GET /metrics` (`PARKDESK_METRICS`: `local` or `off`; `PARKDESK_METRICS_TOKEN`: a bearer token,
    /// then from anywhere).
    public var metricsAccess = MetricsAccess.local
    /// A streaming replica public reads may use (`PARKDESK_READ_DATABASE_URL`).
    public var readReplica: DatabaseAddress?
    /// Notification delivery (`PARKDESK_NOTIFY*`, `PARKDESK_PUBLIC_URL`).
    public var notifications = NotificationSettings()
    /// The most a read replica (`PARKDESK_READ_DATABASE_URL`) may lag behind the primary before public reads
    /// go to the primary (`PARKDESK_READ_MAX_LAG_MS`).
    public var readMaxLagMs: Int = 5000
    /// This server's metrics registry.
    public var metrics = AppMetrics()

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
        let env = SettingsReader(environment: environment)
        if let host = environment["PARKDESK_HOST"], !host.isEmpty { configuration.host = host }
        configuration.mediaDirectory = MediaLibrary.directory(environment: environment)
        configuration.mediaLimits = try MediaLimits(environment: environment)
        try env.integer("PARKDESK_PORT", 0...65535, into: &configuration.port)
        if let text = environment["LOG_LEVEL"], !text.isEmpty {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw ConfigurationError(
                    description: "LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical.")
            }
            configuration.logLevel = level
        }
        try env.list(
            "PARKDESK_CORS_ORIGINS", "origins like https://www.example.cn (or *)", into: &configuration.corsOrigins
        ) {
            $0 == "*" || $0.hasPrefix("http://") || $0.hasPrefix("https://")
        }
        try env.integer("PARKDESK_STATEMENT_TIMEOUT_MS", 100...600_000, into: &configuration.statementTimeoutMs)
        try env.integer("PARKDESK_LEAD_RATE_BURST", 0...100_000, into: &configuration.leadRateBurst)
        try env.integer("PARKDESK_LEAD_RATE_PER_MINUTE", 1...1_000_000, into: &configuration.leadRatePerMinute)
        try env.integer("PARKDESK_LEAD_MIN_FILL_MS", 0...600_000, into: &configuration.leadMinFillMillis)
        try env.integer("PARKDESK_DB_CONNECTIONS", 1...500, into: &configuration.databaseConnections)
        configuration.requestTimeoutMs = try env.integer("PARKDESK_REQUEST_TIMEOUT_MS", 100...600_000)
        try env.integer("PARKDESK_DB_CONNECT_TIMEOUT_MS", 100...60_000, into: &configuration.databaseConnectTimeoutMs)
        try env.integer("PARKDESK_DB_PROBE_TIMEOUT_MS", 100...60_000, into: &configuration.databaseProbeTimeoutMs)
        try env.integer("PARKDESK_SHUTDOWN_GRACE_MS", 0...600_000, into: &configuration.shutdownGraceMs)
        try env.integer("PARKDESK_MAX_CLIENT_CONNECTIONS", 1...100_000, into: &configuration.maxClientConnections)
        try env.milliseconds("PARKDESK_HEADER_TIMEOUT_MS", into: &configuration.connectionLimits.headerTimeout)
        try env.milliseconds("PARKDESK_BODY_TIMEOUT_MS", into: &configuration.connectionLimits.bodyTimeout)
        try env.milliseconds("PARKDESK_IDLE_TIMEOUT_MS", into: &configuration.connectionLimits.idleTimeout)
        try env.list(
            "PARKDESK_TRUSTED_PROXIES", "IP addresses or CIDR blocks like 10.0.0.0/8",
            into: &configuration.trustedProxies
        ) { AddressBlock($0) != nil }
        configuration.office = try Office.fromEnvironment(environment)
        switch environment["PARKDESK_METRICS"]?.lowercased() {
        case nil, "", "local": configuration.metricsAccess = .local
        case "off": configuration.metricsAccess = .off
        case let other?: throw ConfigurationError(description: "PARKDESK_METRICS must be local or off, not '\(other)'.")
        }
        if let token = environment["PARKDESK_METRICS_TOKEN"], !token.isEmpty {
            guard token.count >= 16 else {
                throw ConfigurationError(description: "PARKDESK_METRICS_TOKEN must be at least 16 characters.")
            }
            configuration.metricsAccess = .token(token)
        }
        try env.integer("PARKDESK_READ_MAX_LAG_MS", 100...3_600_000, into: &configuration.readMaxLagMs)
        if let url = environment["PARKDESK_READ_DATABASE_URL"], !url.isEmpty {
            do {
                configuration.readReplica = try DatabaseAddress(url: url, variable: "PARKDESK_READ_DATABASE_URL")
            } catch let invalid as DatabaseURL.Invalid {
                throw ConfigurationError(description: invalid.description)
            }
        }
        configuration.notifications = try NotificationSettings.fromEnvironment(environment)
        try env.integer("PARKDESK_EXPIRE_DAYS", 1...36_500, into: &configuration.maintenance.expireDays)
        try env.integer("PARKDESK_DROPPED_POSTS_DAYS", 1...3650, into: &configuration.maintenance.droppedPostsDays)
        try env.integer(
            "PARKDESK_NOTIFY_RETENTION_DAYS", 1...3650, into: &configuration.maintenance.deliveredNotificationDays)
        configuration.maintenance.leadRetentionDays = try env.integer("PARKDESK_LEAD_RETENTION_DAYS", 30...36_500)
        if let minutes = try env.integer("PARKDESK_MAINTENANCE_MINUTES", 1...10_080) {
            configuration.maintenance.interval = .seconds(minutes * 60)
        }
        return configuration
    }
}
