import Foundation
public import Hummingbird
public import Logging
import OpenAPIHummingbird
public import ParkDeskStore
public import PostgresNIO

/// Builds the HTTP application around a database client. The client runs as one of the application's
/// services, so it starts before the server listens and closes after the last request has finished.
public func buildApplication(
    configuration: AppConfiguration,
    client: PostgresClient,
    migrator: Migrator,
    migrateOnStart: Bool = true,
    afterMigration: (@Sendable (PostgresClient) async throws -> Void)? = nil,
    logger: Logger
) throws -> some ApplicationProtocol {
    let router = try buildRouter(client: client, migrator: migrator)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "ParkDesk"),
        services: [client],
        logger: logger)
    if migrateOnStart {
        app.beforeServerStarts {
            try await migrator.migrate(client)
            try await afterMigration?(client)
        }
    }
    return app
}

/// The routes and middleware, without a server (tests drive it directly).
public func buildRouter(client: PostgresClient, migrator: Migrator) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestLoggingMiddleware())
    router.add(middleware: ProblemMiddleware())
    OpenAPIDocument.addRoutes(to: router)
    let handlers = APIHandlers(health: HealthService(client: client, migrator: migrator))
    try handlers.registerHandlers(on: router)
    return router
}
