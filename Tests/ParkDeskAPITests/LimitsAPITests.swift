import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
@testable import ParkDeskAPI
@testable import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Body limit, CORS and the served contract.
@Suite struct LimitsAPITests {
    @Test func bodiesOverTheLimitGet413AndNothingIsWritten() async throws {
        let f = try await APIFixture.make("limit", demo: false)
        let admin = try await f.token(.admin)
        let huge =
            #"{"kind":"factory","deal":"rent","title":"厂房","district":"yuhu","priceUnit":"negotiable","#
            + #""buildingArea":1,"description":""#
            + String(repeating: "厂", count: 100_000) + "\"}"
        try await f.test { client in
            let answer = try await client.call(
                "/api/v1/admin/listings", method: .post, headers: bearer(admin), json: huge)
            #expect(answer.status == .contentTooLarge)
            #expect(answer.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
        #expect(try await f.count("SELECT count(*)::int FROM listings") == 0)
    }

    @Test func corsAllowsConfiguredOriginsOnly() async throws {
        let f = try await APIFixture.make("cors", demo: false)
        let configuration = AppConfiguration(port: 0, corsOrigins: ["https://www.xtzs.gov.cn"])
        try await f.test(configuration: configuration) { client in
            let allowed = try await client.call("/api/v1/districts", headers: [.origin: "https://www.xtzs.gov.cn"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://www.xtzs.gov.cn")
            #expect(allowed.headers[.accessControlExposeHeaders]?.contains("ETag") == true)
            let other = try await client.call("/api/v1/districts", headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.call(
                "/api/v1/admin/listings", method: .options,
                headers: [
                    .origin: "https://www.xtzs.gov.cn", .accessControlRequestMethod: "POST",
                    .accessControlRequestHeaders: "authorization, content-type",
                ])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("If-Match") == true)
            let problem = try await client.call(
                "/api/v1/listings?limit=0", headers: [.origin: "https://www.xtzs.gov.cn"])
            #expect(problem.status == .badRequest && problem.headers[.accessControlAllowOrigin] != nil)
        }
    }

    @Test func aStatementStoppedByTheTimeLimitIsA503NotA500() async throws {
        let config = try await TestDatabase.shared.fresh("timeout").limitingStatements(toMilliseconds: 100)
        let setting = try await withClient(config) { client in
            for try await value in try await client.query("SHOW statement_timeout").decode(String.self) { return value }
            return ""
        }
        #expect(setting == "100ms")
        let problem = try await withClient(config) { client -> Problem? in
            do {
                for try await _ in try await client.query("SELECT pg_sleep(2)") {}
                return nil
            } catch {
                return ErrorMapping.problem(for: error)
            }
        }
        #expect(problem?.status == 503)
        #expect(problem?.response().headers[.retryAfter] == "5")
        // each operation names itself (issue 29: a lead POST that ran out of time said "The search took too long")
        #expect(ErrorMapping.timedOut("submitLead").hasPrefix("Saving the inquiry took too long"))
        #expect(ErrorMapping.timedOut("searchListings").hasPrefix("The search took too long"))
        #expect(ErrorMapping.timedOut("mergeLeads").hasPrefix("The operation mergeLeads took too long"))
        let lead = ErrorMapping.problem(for: DatabaseFault.timedOut, path: "/api/v1/leads")
        #expect(lead?.detail?.hasPrefix("The request took too long") == true)
    }

    @Test func theContractIsServedAsYAMLAndJSON() async throws {
        let f = try await APIFixture.make("contract", demo: false)
        try await f.test { client in
            let json = try await client.call("/openapi.json")
            #expect(json.status == .ok)
            #expect(json.body["openapi"] as? String == "3.1.0")
            let paths = json.body["paths"] as? [String: Any] ?? [:]
            #expect(paths["/api/v1/listings"] != nil && paths["/api/v1/admin/listings/{ref}"] != nil)
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(String(buffer: response.body).contains("operationId: searchListings"))
            }
        }
    }
}
