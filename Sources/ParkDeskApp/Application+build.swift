import Foundation
public import Hummingbird
import HummingbirdCore
public import Logging

import ParkDeskAPI
import ParkDeskConsole
import ParkDeskHTTP
import ParkDeskMedia
public import ParkDeskStore
import ParkDeskIntake
import ParkDeskWeb

/// Builds the HTTP application around a database client. The client runs as one of the application's
/// services, so it starts before the server listens and closes after the last request has finished; `running`
/// records the application's services while they run.
public func buildApplication(
    configuration: AppConfiguration,
    pool: DatabasePool,
    readReplica: DatabasePool? = nil,
    migrator: Migrator,
    migrateOnStart: Bool = true,
    afterMigration: (@Sendable (Database) async throws -> Void)? = nil,
    running: RunningServices = RunningServices(),
    views: ListingViewCounter? = nil,
    logger: Logger
) throws -> some ApplicationProtocol {
    let monitor = DatabaseMonitor(
        pool: pool, logger: logger, timeout: .milliseconds(configuration.databaseProbeTimeoutMs))
    let replica = readReplica.map {
        ReadReplica(
            pool: $0, primary: pool, maximumLag: .milliseconds(configuration.readMaxLagMs), logger: logger,
            timeout: .milliseconds(configuration.databaseProbeTimeoutMs), readWait: configuration.requestDeadline / 2)
    }
    let database = Database(pool: pool, logger: logger, replica: replica)
    let views = views ?? ListingViewCounter(database: database)
    let intake = LeadIntake(
        leads: database.leads,
        limiter: configuration.leadRateBurst == 0
            ? nil
            : database.rateLimiter(
                capacity: Double(configuration.leadRateBurst),
                refillPerSecond: Double(configuration.leadRatePerMinute) / 60),
        minFillMillis: configuration.leadMinFillMillis)
    let media = MediaLibrary(
        database: database, storage: LocalMediaStorage(root: configuration.mediaDirectory),
        limits: configuration.mediaLimits)
    let reads = PublicReads(database)
    let site = try WebSite(
        database: database, reads: reads, intake: intake, media: media, office: configuration.office,
        monitor: monitor, requestDeadline: configuration.requestDeadline)
    let api = APIDoor(
        database: database, reads: reads, intake: intake, media: media,
        readiness: Readiness(database: database, migrator: migrator, monitor: monitor))
    let console = try StaffConsole(
        database: database, media: media, preview: { site.preview($0) }, officeName: configuration.office.name,
        publicURL: configuration.office.publicURL, monitor: monitor, expireDays: configuration.maintenance.expireDays,
        uploadLimit: configuration.mediaLimits.maxBytes + 64 * 1024)
    let doors = Doors(api: api, site: site, console: console)
    let router = try buildRouter(
        configuration: configuration, database: database, doors: doors, monitor: monitor, views: views)
    let responder = RequestGuard(
        inner: router.buildResponder(), monitor: monitor, doors: doors,
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
        services: [
            running.watch(Running { await pool.run() }, as: "database pool"),
            running.watch(
                RepeatingCheck(interval: monitor.interval) { _ = await monitor.check() }, as: "database monitor"),
            running.watch(ListingViewsService(counter: views), as: "listing views"),
        ]
            + (readReplica.flatMap { pool in replica.map { (pool, $0) } }.map { pool, replica in
                [
                    running.watch(Running { await pool.run() }, as: "replica pool"),
                    running.watch(
                        RepeatingCheck(interval: replica.interval) { await replica.check() }, as: "replica monitor"),
                ]
            } ?? []),
        logger: logger)
    if migrateOnStart {
        app.beforeServerStarts {
            try await untilTheDatabaseAnswers(logger: logger) {
                try await database.migrate(with: migrator)
                try await afterMigration?(database)
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

/// The routes and middleware of every door, without a server (tests drive it directly). Outermost first: request
/// id and access log, metrics, client address, CORS (also on errors), each door's answer to an error
/// (`ErrorAnswerMiddleware`), listing views (`ListingViewsMiddleware`), then the API's own middleware
/// (`APIDoor.addMiddleware`). The body limit, the request deadline and the database gate are `RequestGuard`'s,
/// around the router.
func buildRouter(
    configuration: AppConfiguration, database: Database, doors: Doors, monitor: DatabaseMonitor,
    views: ListingViewCounter
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLoggingMiddleware())
    router.add(middleware: RequestMetricsMiddleware(metrics: configuration.metrics))
    router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
    router.add(middleware: OriginCORSMiddleware(origins: configuration.corsOrigins))
    router.add(middleware: ErrorAnswerMiddleware(doors: doors))
    router.add(middleware: ListingViewsMiddleware(counter: views))
    doors.api.addMiddleware(to: router)
    MetricsEndpoint(
        access: configuration.metricsAccess, metrics: configuration.metrics, monitor: monitor,
        notifications: database.notifications
    ).addRoute(to: router)
    doors.site.addRoutes(to: router) { RequestClient.address }
    doors.console.addRoutes(to: router) { RequestClient.address }
    try doors.api.addRoutes(to: router)
    return router
}

/// The doors the server has and which of them a request is for.
struct Doors: Sendable {
    let api: APIDoor
    let site: WebSite
    let console: StaffConsole

    /// Paths that do not touch the database: answered whatever the database does.
    static let withoutDatabase = APIDoor.pathsWithoutDatabase.union([MetricsEndpoint.path])

    /// Whether a request is for a page people read (not the API's: its paths, its contract, its probes), so
    /// that its errors are answered in HTML.
    static func isPage(_ request: Request) -> Bool {
        guard !APIDoor.owns(path: request.uri.path) else { return false }
        return StaffConsole.owns(path: request.uri.path) || request.method == .post
            || (request.headers[.accept]?.contains("text/html") ?? false)
    }

    /// Whether a request carries files (a photo to the API or the console, an import file): its body may be as
    /// large as an upload's and take as long.
    static func isUpload(_ request: Request) -> Bool {
        APIDoor.isMediaUpload(request) || ConsolePage.isUpload(method: request.method, path: request.uri.path)
    }

    /// Whether a request asks for a period report (JSON, workbook or CSV, the API's or the console's): it may take
    /// up to `ReportStore.timeLimit`.
    static func isReport(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/v1/admin/reports") || path.hasPrefix(ConsolePage.reports.path)
    }

    /// The error page of the door a page request came through: the console's own, or the website's.
    func errorPage(_ request: Request, _ status: HTTPResponse.Status) -> Response {
        StaffConsole.owns(path: request.uri.path) ? console.errorPage(status) : site.errorPage(status)
    }
}
