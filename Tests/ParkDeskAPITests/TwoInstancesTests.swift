import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParkDeskApp
import PostgresNIO
import Testing

/// Two ParkDesk servers on one database behave as one: the rate limit and the idempotency keys live in
/// PostgreSQL (the outbox and the housekeeping are shown in their own tests).
@Suite struct TwoInstancesTests {
    @Test func theRateLimitAndIdempotencyKeysAreShared() async throws {
        let f = try await APIFixture.make("two-instances", demo: false)
        let configuration = {
            var configuration = AppConfiguration(port: 0, leadRateBurst: 4)
            configuration.leadRatePerMinute = 1
            configuration.trustedProxies = ["127.0.0.1", "::1"]
            return configuration
        }()
        let client = [HTTPField.Name("X-Forwarded-For")!: "198.51.100.20"] as HTTPFields
        try await f.app(configuration: configuration).test(.live) { first in
            try await f.app(configuration: configuration).test(.live) { second in
                // one key, sent to each server: stored once, the second answer a replay of the first
                var keyed = client
                keyed[HTTPField.Name("Idempotency-Key")!] = "two-servers-1"
                let body = LeadCaptureAPITests.inquiry(mobile: "13800000031")
                let one = try await first.call("/api/v1/leads", method: .post, headers: keyed, json: body)
                let two = try await second.call("/api/v1/leads", method: .post, headers: keyed, json: body)
                #expect(one.status == .created && two.status == .created)
                #expect(two.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
                #expect(one.body["receipt"] as? String == two.body["receipt"] as? String)
                // the burst of 4 is one bucket across both servers: 2 spent above, 1 more each, then refused
                for (index, server) in [first, second].enumerated() {
                    let answer = try await server.call(
                        "/api/v1/leads", method: .post, headers: client,
                        json: LeadCaptureAPITests.inquiry(mobile: "1380000004\(index)"))
                    #expect(answer.status == .created)
                }
                for server in [first, second] {
                    let refused = try await server.call(
                        "/api/v1/leads", method: .post, headers: client,
                        json: LeadCaptureAPITests.inquiry(mobile: "13800000049"))
                    #expect(refused.status == .tooManyRequests)
                }
            }
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 3)
    }
}
