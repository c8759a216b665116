public import ParkDeskSeed
public import ParkDeskStore
public import PostgresNIO

extension TestDatabase {
    /// A fresh migrated database, with the demo parks and listings when `demo`.
    public func fresh(_ prefix: String, demo: Bool) async throws -> PostgresClient.Configuration {
        let config = try await fresh(prefix)
        if demo {
            _ = try await withClient(config) { client in
                try await Database(client: client, logger: TestDatabase.logger).demoData.load(actor: "test")
            }
        }
        return config
    }
}
