import Foundation
import ParkDeskApp
import ParkDeskMedia
import ParkDeskNotify
import ParkDeskStore
import PostgresNIO
import ParkDeskTestSupport
import Testing

/// The server's settings from the environment: defaults, every variable read, a bad value named.
@Suite struct AppConfigurationTests {
    @Test func defaultsWithoutVariables() throws {
        let configuration = try AppConfiguration.fromEnvironment([:])
        #expect(configuration.port == 8080 && configuration.host == "127.0.0.1")
        #expect(configuration.statementTimeoutMs == 5000 && configuration.leadRateBurst == 10)
        #expect(configuration.databaseConnections >= 4)
    }

    @Test func everyVariableIsRead() throws {
        let configuration = try AppConfiguration.fromEnvironment([
            "PARKDESK_PORT": "9000", "PARKDESK_STATEMENT_TIMEOUT_MS": "2500", "PARKDESK_LEAD_RATE_BURST": "0",
            "PARKDESK_LEAD_RATE_PER_MINUTE": "30", "PARKDESK_LEAD_MIN_FILL_MS": "0", "PARKDESK_DB_CONNECTIONS": "3",
            "PARKDESK_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1", "PARKDESK_CORS_ORIGINS": "https://www.example.cn",
            "PARKDESK_READ_MAX_LAG_MS": "1500", "PARKDESK_MEDIA_MAX_MB": "8", "PARKDESK_MEDIA_MAX_PIXELS": "50000000",
            "PARKDESK_MEDIA_PER_LISTING": "12", "PARKDESK_MEDIA_TIMEOUT_MS": "90000",
            "PARKDESK_READ_DATABASE_URL": "postgres://reader@replica.example:6543/parkdesk?sslmode=disable",
            "PARKDESK_NOTIFY": "off", "PARKDESK_NOTIFY_CONCURRENCY": "3",
        ])
        // one reading at start holds every setting of `serve`, the replica's address and the notifications' too
        #expect(configuration.readReplica?.configuration.host == "replica.example")
        #expect(configuration.readReplica?.user == "reader" && configuration.readReplica?.databaseName == "parkdesk")
        #expect(!configuration.notifications.enabled && configuration.notifications.concurrency == 3)
        #expect(
            configuration.mediaLimits.maxBytes == 8 * 1024 * 1024 && configuration.mediaLimits.maxPixels == 50_000_000)
        #expect(configuration.mediaLimits.perListing == 12 && configuration.mediaLimits.uploadTimeoutMs == 90_000)
        #expect(configuration.readMaxLagMs == 1500)
        #expect(configuration.port == 9000 && configuration.statementTimeoutMs == 2500)
        #expect(
            configuration.leadRateBurst == 0 && configuration.leadRatePerMinute == 30
                && configuration.leadMinFillMillis == 0)
        #expect(configuration.databaseConnections == 3)
        #expect(configuration.trustedProxies == ["10.0.0.0/8", "127.0.0.1"])
        #expect(configuration.corsOrigins == ["https://www.example.cn"])
    }

    /// `serve`'s pool: no keep-alive timer and a 10 s idle timer (each lease cancels them, and each cancelled timer
    /// held memory until its time — BENCHMARKS.md, session 14); no minimum of open connections, which PostgresNIO
    /// 1.33 traps on when a request comes while connections are closing (a database killed under load).
    @Test func servingPoolsHoldFewTimersAndNoMinimum() {
        let options = PostgresClient.Configuration(
            host: "localhost", username: "parkdesk", password: nil, database: "parkdesk", tls: .disable
        ).pooling(upTo: 6).options
        #expect(options.maximumConnections == 6 && options.minimumConnections == 0)
        #expect(options.keepAliveBehavior == nil && options.connectionIdleTimeout == .seconds(10))
    }

    @Test(arguments: [
        ("PARKDESK_DB_CONNECTIONS", "0"), ("PARKDESK_DB_CONNECTIONS", "many"), ("PARKDESK_PORT", "70000"),
        ("PARKDESK_LEAD_RATE_BURST", "-1"), ("PARKDESK_STATEMENT_TIMEOUT_MS", "5"),
        ("PARKDESK_TRUSTED_PROXIES", "10.0.0.0/33"), ("PARKDESK_READ_MAX_LAG_MS", "50"),
        ("PARKDESK_MEDIA_MAX_MB", "0"), ("PARKDESK_MEDIA_PER_LISTING", "101"), ("PARKDESK_MEDIA_TIMEOUT_MS", "soon"),
    ])
    func badValuesAreRefusedByName(name: String, value: String) {
        #expect {
            _ = try AppConfiguration.fromEnvironment([name: value])
        } throws: { error in
            "\(error)".contains(name) && "\(error)".contains(value)
        }
    }
}
