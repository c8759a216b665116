import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing
import PostgresNIO
import ParkDeskApp
import ParkDeskStore
import ParkDeskTestSupport

@Suite struct HealthTests {
    func app(_ config: PostgresClient.Configuration, migrateOnStart: Bool = true) throws -> some ApplicationProtocol {
        let client = PostgresClient(configuration: config, backgroundLogger: TestDatabase.logger)
        // tests run side by side on two cores: a slow answer is not an absent database (as in APIFixture)
        var configuration = AppConfiguration(port: 0)
        configuration.databaseProbeTimeoutMs = 15_000
        return try buildApplication(
            configuration: configuration, pool: DatabasePool(client: client),
            migrator: Migrator(logger: TestDatabase.logger),
            migrateOnStart: migrateOnStart, logger: TestDatabase.logger)
    }

    @Test func healthAndReadinessOnAMigratedDatabase() async throws {
        let config = try await TestDatabase.shared.fresh("health")
        try await app(config).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"ok\""))
                #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"ready\""))
            }
        }
    }

    @Test func notReadyWhileMigrationsArePending() async throws {
        let config = try await TestDatabase.shared.empty()
        try await app(config, migrateOnStart: false).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(String(buffer: response.body).contains("not applied"))
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func keepsASaneRequestIDAndReplacesAnInsaneOne() async throws {
        let config = try await TestDatabase.shared.fresh("reqid")
        let header = HTTPField.Name("X-Request-Id")!
        try await app(config).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get, headers: [header: "abc-123"]) { response in
                #expect(response.headers[header] == "abc-123")
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [header: "bad id\u{7}"]) { response in
                #expect(response.headers[header] != "bad id\u{7}")
            }
        }
    }

    @Test func unknownPathIsProblemJSON() async throws {
        let config = try await TestDatabase.shared.fresh("notfound")
        try await app(config).test(.router) { client in
            try await client.execute(uri: "/nope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            }
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("openapi: 3.1.0"))
            }
        }
    }
}
