import Foundation
import ParkDeskMedia
import HummingbirdCore
public import Hummingbird
public import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import ParkDeskWeb
public import ParkDeskStore
import ParkDeskOpenAPI
public import PostgresNIO

/// Builds the HTTP application around a database client. The client runs as one of the application's
/// services, so it starts before the server listens and closes after the last request has finished; `running`
/// records the application's services while they run.
public func buildApplication(
    configuration: AppConfiguration,
    client: PostgresClient,
    readReplica: PostgresClient? = nil,
    migrator: Migrator,
    migrateOnStart: Bool = true,
    afterMigration: (@Sendable (PostgresClient) async throws -> Void)? = nil,
    running: RunningServices = RunningServices(),
    logger: Logger
) throws -> some ApplicationProtocol {
    let monitor = DatabaseMonitor(
        client: client, logger: logger, timeout: .milliseconds(configuration.databaseProbeTimeoutMs))
    let replica = readReplica.map {
        ReadReplica(
            client: $0, primary: client, maximumLag: .milliseconds(configuration.readMaxLagMs), logger: logger,
            timeout: .milliseconds(configuration.databaseProbeTimeoutMs), readWait: configuration.requestDeadline / 2)
    }
    let database = Database(client: client, logger: logger, replica: replica)
    let intake = LeadIntake(
        leads: database.leads,
        limiter: configuration.leadRateBurst == 0
            ? nil
            : RateLimiter(
                client: client, logger: logger, capacity: Double(configuration.leadRateBurst),
                refillPerSecond: Double(configuration.leadRatePerMinute) / 60),
        minFillMillis: configuration.leadMinFillMillis)
    let media = MediaLibrary(
        database: database, storage: LocalMediaStorage(root: configuration.mediaDirectory),
        limits: configuration.mediaLimits)
    let site = try WebSite(
        database: database, intake: intake, media: media, office: configuration.office, monitor: monitor,
        requestDeadline: configuration.requestDeadline)
    let router = try buildRouter(
        configuration: configuration, database: database, intake: intake, site: site, migrator: migrator,
        monitor: monitor)
    let responder = RequestGuard(
        inner: router.buildResponder(), monitor: monitor, site: site,
        cors: OriginCORSMiddleware(origins: configuration.corsOrigins), metrics: configuration.metrics,
        deadline: configuration.requestDeadline,
        uploadDeadline: .milliseconds(configuration.mediaLimits.uploadTimeoutMs),
        maxBodyBytes: configuration.maxBodyBytes,
        maxUploadBytes: configuration.mediaLimits.maxBytes + 64 * 1024)
    var app = Application(
        responder: responder,
        server: .http1(limits: configuration.connectionLimits),
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port), serverName: "ParkDesk",
            availableConnectionsDelegate: MaximumAvailableConnections(
                configuration.maxClientConnections, logger: logger)),
        services: [running.watch(client, as: "database pool"), running.watch(monitor, as: "database monitor")]
            + (replica.map { [running.watch($0.client, as: "replica pool"), running.watch($0, as: "replica monitor")] }
                ?? []),
        logger: logger)
    if migrateOnStart {
        app.beforeServerStarts {
            try await untilTheDatabaseAnswers(logger: logger) {
                try await migrator.migrate(client)
                try await afterMigration?(client)
            }
        }
    }
    return app
}

/// Runs `work`, trying again while the database is unavailable (a server started before its database, say): every
/// attempt is logged, the wait doubles from 1 s to 30 s. Any other error ends it.
func untilTheDatabaseAnswers(logger: Logger, _ work: () async throws -> Void) async throws {
    var wait = Duration.seconds(1)
    var attempt = 1
    while true {
        do {
            return try await work()
        } catch let error where DatabaseFault.named(error) as? DatabaseFault == .unavailable {
            logger.warning(
                "Database unavailable at start; trying again",
                metadata: [
                    "attempt": "\(attempt)", "nextTryIn": "\(wait)", "error": "\(DatabaseFault.named(error))",
                ])
            try await Task.sleep(for: wait)
            wait = min(wait * 2, .seconds(30))
            attempt += 1
        }
    }
}

/// The routes and middleware, without a server (tests drive it directly). Outermost first: request id and
/// access log, client address, CORS (also on errors), problem+json, query encoding, strict JSON bodies,
/// ETag/304, bearer-token check, the hot reads (`HotReadsMiddleware`). The body limit, the request deadline and the
/// database gate are `RequestGuard`'s, around the router.
func buildRouter(
    configuration: AppConfiguration, database: Database, intake: LeadIntake, site: WebSite, migrator: Migrator,
    monitor: DatabaseMonitor
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLoggingMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: configuration.metrics))
    router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
    router.add(middleware: OriginCORSMiddleware(origins: configuration.corsOrigins))
    router.add(middleware: ProblemMiddleware(site: site))
    router.add(middleware: QueryEncodingMiddleware())
    router.add(middleware: JSONBodyMiddleware())
    router.add(middleware: ETagMiddleware())
    router.add(middleware: AuthMiddleware(tokens: database.tokens))
    let handlers = APIHandlers(
        health: HealthService(
            client: database.client, migrator: migrator, monitor: monitor, replica: database.replica),
        listings: database.listings, search: database.search, places: database.places, publicReads: site.reads,
        leads: database.leads,
        leadExport: database.leadExport, intake: intake, media: site.media, fragments: SummaryFragments(),
        details: DetailFragments())
    router.add(middleware: HotReadsMiddleware(handlers: handlers))
    OpenAPIDocument.addRoutes(to: router)
    MetricsEndpoint(
        access: configuration.metricsAccess, metrics: configuration.metrics, monitor: monitor,
        notifications: database.notifications
    ).addRoute(to: router)
    site.addRoutes(to: router) { RequestScope.clientAddress }
    // Compact JSON (the web front parses it; pretty-printing costs time on every answer), with sorted keys
    // so that the same data always gives the same bytes and the same ETag.
    try handlers.registerHandlers(
        on: router, configuration: .init(dateTranscoder: UTCDateTranscoder(), jsonEncodingOptions: [.sortedKeys]))
    return router
}

extension PostgresClient.Configuration {
    /// The same database with a per-statement time limit, so that no query runs away.
    public func limitingStatements(toMilliseconds ms: Int) -> PostgresClient.Configuration {
        var configuration = self
        configuration.options.additionalStartupParameters.append(("statement_timeout", "\(ms)"))
        return configuration
    }

    /// The same database, giving up on a new connection after `ms` milliseconds.
    public func connecting(within ms: Int) -> PostgresClient.Configuration {
        var configuration = self
        configuration.options.connectTimeout = .milliseconds(ms)
        return configuration
    }

    /// The same database through at most `count` connections, each closed after 10 s unused, with no keep-alive
    /// queries. PostgresNIO's pool starts a timer (`Task.sleep`) for each of these every time a connection comes
    /// back, cancelled at its next use, and on Linux a cancelled sleep keeps ~0.5 KB until it would have ended: at
    /// 3,000 requests a second the defaults (60 s, 30 s) held ~150 MiB (BENCHMARKS.md, session 14); 10 s holds
    /// ~15 MiB. A dead connection is found by the next statement and the database monitor's probe, and one idle
    /// for 10 s is gone before a firewall could drop it. (Keeping connections open with `minimumConnections`
    /// needs no timer at all, but PostgresNIO 1.33 then traps — `createNewDemandConnectionIfPossible`'s
    /// precondition — when a request arrives while connections are closing: 4 of 20 database kills here.)
    public func pooling(upTo count: Int) -> PostgresClient.Configuration {
        var configuration = self
        configuration.options.maximumConnections = count
        configuration.options.connectionIdleTimeout = .seconds(10)
        configuration.options.keepAliveBehavior = nil
        return configuration
    }
}
