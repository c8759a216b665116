import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParkDeskApp
import ParkDeskStore
import Testing

/// `GET /metrics`: who may read it, and what it says (route templates, never raw paths).
@Suite struct MetricsTests {
    static let token = "metrics-token-0123456789"

    @Test func aTokenReadsRoutesByTemplateAndNothingElseGetsIn() async throws {
        let fixture = try await APIFixture.make("metrics")
        var configuration = AppConfiguration(port: 0)
        configuration.metricsAccess = .token(Self.token)
        try await fixture.test(configuration: configuration) { client in
            try await client.execute(uri: "/api/v1/listings/XT-2026-000001", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/api/v1/listings/XT-2026-999999", method: .get) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong-token-0123456789"]
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer " + Self.token]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(
                    text.contains(
                        #"parkdesk_http_requests_total{route="/api/v1/listings/{ref}",method="GET",status="200"} 1"#))
                #expect(
                    text.contains(
                        #"parkdesk_http_requests_total{route="/api/v1/listings/{ref}",method="GET",status="404"} 1"#))
                #expect(text.contains("parkdesk_http_request_duration_seconds_bucket{"))
                #expect(text.contains("parkdesk_database_up 1"))
                #expect(text.contains(#"parkdesk_outbox_rows{state="pending"} 0"#))
                #expect(text.contains(#"parkdesk_build_info{version="#))
                #expect(!text.contains("XT-2026-000001") && !text.contains("XT-2026-999999"))
            }
        }
    }

    @Test func offOrLocalAreNotFoundToOthers() async throws {
        let fixture = try await APIFixture.make("metricsoff", demo: false)
        for access in [MetricsAccess.off, .local] {
            var configuration = AppConfiguration(port: 0)
            configuration.metricsAccess = access
            // the in-process test client has no peer address: not this machine
            try await fixture.test(configuration: configuration) { client in
                try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .notFound) }
            }
        }
    }

    /// Issue 29: behind a proxy that sends `Forwarded` or `X-Real-IP` instead of `X-Forwarded-For`, requests from
    /// anywhere counted as local.
    @Test func anyForwardingHeaderMakesARequestNotLocal() async throws {
        let fixture = try await APIFixture.make("metricsproxy", demo: false)
        try await fixture.app(configuration: AppConfiguration(port: 0)).test(.live) { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            for header in ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host"] {
                let name = try #require(HTTPField.Name(header))
                let value = header == "Forwarded" ? "for=203.0.113.9" : "203.0.113.9"
                try await client.execute(uri: "/metrics", method: .get, headers: [name: value]) {
                    #expect($0.status == .notFound, "\(header)")
                }
            }
        }
    }

    /// The guard's own answers (the database away, a body too large, the deadline) are logged and counted.
    @Test func theGuardsOwnAnswersAreCounted() async throws {
        let fixture = try await APIFixture.make("metricsguard", demo: false)
        var configuration = AppConfiguration(port: 0)
        configuration.metricsAccess = .token(Self.token)
        try await fixture.test(configuration: configuration) { client in
            let big = ByteBuffer(repeating: 0x20, count: 256 * 1024 + 1)
            try await client.execute(uri: "/api/v1/leads", method: .post, body: big) {
                #expect($0.status == .contentTooLarge)
            }
            try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: "Bearer " + Self.token]
            ) { response in
                #expect(
                    String(buffer: response.body).contains(
                        #"parkdesk_http_requests_total{route="guard",method="POST",status="413"} 1"#))
            }
        }
    }

    @Test func settingsAreChecked() throws {
        #expect(try AppConfiguration.fromEnvironment([:]).metricsAccess == .local)
        #expect(try AppConfiguration.fromEnvironment(["PARKDESK_METRICS": "off"]).metricsAccess == .off)
        #expect(
            try AppConfiguration.fromEnvironment(["PARKDESK_METRICS_TOKEN": Self.token]).metricsAccess
                == .token(Self.token))
        #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment(["PARKDESK_METRICS": "on"]) }
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.fromEnvironment(["PARKDESK_METRICS_TOKEN": "short"])
        }
    }
}
