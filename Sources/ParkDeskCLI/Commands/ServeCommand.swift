import ArgumentParser
import Foundation
import ParkDeskMedia
import ParkDeskNotify
import Hummingbird
import Logging
import Metrics
import Prometheus
import ParkDeskApp
import ParkDeskStore
import ParkDeskCluster
import ParkDeskSeed
import NIOCore
import ServiceLifecycle
import Synchronization
import UnixSignals
#if canImport(Glibc)
import Glibc
#endif

/// `parkdesk serve`: runs the HTTP API until SIGTERM/SIGINT, then drains requests, closes the pool and
/// stops the local cluster it started.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP API (migrates the database first).",
        discussion: """
            Flags win over environment variables (PARKDESK_HOST, PARKDESK_PORT, LOG_LEVEL, DATABASE_URL,
            PARKDESK_CORS_ORIGINS, PARKDESK_STATEMENT_TIMEOUT_MS).

            Examples:
              parkdesk serve
              parkdesk serve --host 0.0.0.0 --port 9000
              parkdesk serve --demo            # seeds demo listings into an empty database
              DATABASE_URL=postgres://parkdesk:secret@db:5432/parkdesk parkdesk serve
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Address to listen on (env PARKDESK_HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env PARKDESK_PORT, default 8080).")
    var port: Int?

    @Flag(help: "Load the demo listings when the database has no listings yet.")
    var demo = false

    func run() async throws {
        var configuration = try AppConfiguration.fromEnvironment(CLIContext.environment)
        if let host { configuration.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
            configuration.port = port
        }
        let logger = try global.makeLogger(default: configuration.logLevel)
        // swift-metrics reports into the registry /metrics shows (the stores' counters, leads by outcome …)
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: configuration.metrics.registry))
        let endpoint = try await DatabaseEndpoint.open(environment: CLIContext.environment, logger: logger)
        defer { endpoint.shutdown(logger: logger) }
        let pool = DatabasePool(endpoint.address.forServing(configuration), logger: logger)
        let readReplicaPool = configuration.readReplica.map { replica in
            logger.info("Public reads may use a read replica", metadata: ["maxLagMs": "\(configuration.readMaxLagMs)"])
            return DatabasePool(replica.forServing(configuration), logger: logger)
        }
        let (seedDemo, settings) = (demo, configuration)
        let notifications = configuration.notifications
        let migrated = MigrationDone()
        let running = RunningServices()
        let app = try buildApplication(
            configuration: configuration, pool: pool, readReplica: readReplicaPool,
            migrator: Migrator(logger: logger),
            afterMigration: { database in
                migrated.set()
                guard seedDemo,
                    let added = try await demoData(database, settings)
                        .loadIntoEmpty(actor: "serve --demo")
                else { return }
                logger.info("Loaded demo data", metadata: ["listings": "\(added)"])
            },
            running: running, logger: logger)
        // Shut down in reverse order, each after the one before has ended: the HTTP server first, so that the
        // listener closes at once whatever the others are waiting for (a worker's statement to a database that is
        // away held it open for the whole grace period); the cluster itself stops only after all of them.
        var services: [any Service] = []
        if notifications.enabled {
            let worker = NotificationWorker(
                store: Database(pool: pool, logger: logger).notifications, settings: notifications, logger: logger)
            services.append(running.watch(AfterMigration(migrated, then: worker), as: "notifications"))
        }
        let maintenance = MaintenanceService(
            database: Database(pool: pool, logger: logger), policy: configuration.maintenance)
        services.append(running.watch(AfterMigration(migrated, then: maintenance), as: "maintenance"))
        if let lease = endpoint.lease {
            services.append(running.watch(ClusterWatchdog(lease: lease, logger: logger), as: "cluster watchdog"))
        }
        services.append(running.watch(app, as: "HTTP server"))
        var group = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        let grace = Duration.milliseconds(configuration.shutdownGraceMs)
        group.maximumGracefulShutdownDuration = grace
        let backstop = ShutdownBackstop(after: grace + .seconds(3), logger: logger, stillRunning: { running.names }) {
            endpoint.shutdown(logger: logger)
        }
        defer { backstop.disarm() }
        do {
            try await ServiceGroup(configuration: group).run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CLIError(
                "cannot listen on \(configuration.host):\(configuration.port): the address is already in use "
                    + "(another server runs there; choose another with --port or PARKDESK_PORT)")
        }
    }
}

extension DatabaseAddress {
    /// This database as `serve` uses it, the primary and the read replica alike: the statement time limit, the
    /// pool's size and the time to connect from the server's settings.
    fileprivate func forServing(_ settings: AppConfiguration) -> DatabaseAddress {
        limitingStatements(toMilliseconds: settings.statementTimeoutMs).pooling(upTo: settings.databaseConnections)
            .connecting(within: settings.databaseConnectTimeoutMs)
    }
}

/// Starts `service` once the database is migrated (the notification worker and maintenance need the tables).
private struct AfterMigration<Wrapped: Service>: Service {
    let migrated: MigrationDone
    let service: Wrapped

    init(_ migrated: MigrationDone, then service: Wrapped) { (self.migrated, self.service) = (migrated, service) }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !migrated.isSet { try await Task.sleep(for: .milliseconds(100)) }
        }
        guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return }
        try await service.run()
    }
}

/// Set once the database is migrated.
private final class MigrationDone: Sendable {
    private let flag = Atomic<Bool>(false)
    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}

/// The demo data, its photos stored where the server serves them from.
private func demoData(_ database: Database, _ configuration: AppConfiguration) -> DemoData {
    database.demoData(
        media: MediaLibrary(
            database: database, storage: LocalMediaStorage(root: configuration.mediaDirectory),
            limits: configuration.mediaLimits))
}
