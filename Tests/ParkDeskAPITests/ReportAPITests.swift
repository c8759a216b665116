import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// `GET /api/v1/admin/reports`: JSON by default, the workbook and CSV by `Accept` or suffix, who may read it, and
/// listing views counted through both doors.
@Suite struct ReportAPITests {
    static let workbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    static func get(
        _ client: some TestClientProtocol, _ uri: String, _ headers: HTTPFields
    ) async throws -> (HTTPResponse.Status, HTTPFields, Data) {
        try await client.execute(uri: uri, method: .get, headers: headers, body: nil) { response in
            (response.status, response.headers, Data(buffer: response.body))
        }
    }

    @Test func theReportAnswersAsJSONWorkbookAndCSV() async throws {
        let f = try await APIFixture.make("report-api")
        let (admin, agent) = (try await f.token(.admin), try await f.token(.agent))
        try await f.test { client in
            // the demo's listings were published today: this month's end finds them active
            let month = ReportPeriod.containing(Date(), .month).key
            let json = try await client.call("/api/v1/admin/reports?period=" + month, headers: bearer(agent))
            #expect(json.status == .ok)
            let period = json.body["period"] as? [String: Any]
            #expect(period?["key"] as? String == month)
            #expect((json.body["listings"] as? [String: Any])?["active"] as? Int ?? 0 > 0)

            var accept = bearer(admin)
            accept[.accept] = Self.workbookType
            for (uri, headers) in [
                ("/api/v1/admin/reports?period=2026-Q4", accept),
                ("/api/v1/admin/reports.xlsx?period=2026-Q4", bearer(admin)),
            ] {
                let (status, fields, data) = try await Self.get(client, uri, headers)
                #expect(status == .ok)
                #expect(fields[.contentType] == Self.workbookType)
                #expect(fields[.contentDisposition] == "attachment; filename=\"report-2026-Q4.xlsx\"")
                #expect(data.prefix(2) == Data("PK".utf8))
            }
            var csvAccept = bearer(admin)
            csvAccept[.accept] = "text/csv"
            for (uri, headers) in [
                ("/api/v1/admin/reports?period=2026", csvAccept),
                ("/api/v1/admin/reports.csv?period=2026", bearer(admin)),
            ] {
                let (status, _, data) = try await Self.get(client, uri, headers)
                #expect(status == .ok)
                let text = String(decoding: data, as: UTF8.self)
                #expect(text.hasPrefix("\u{FEFF}概览\r\n指标,数值\r\n期间,2026年\r\n"))
            }

            let bad = try await client.call("/api/v1/admin/reports?period=2026-13", headers: bearer(admin))
            #expect(bad.status == .badRequest && fields(bad.body) == ["period"])
            let missing = try await client.call("/api/v1/admin/reports", headers: bearer(admin))
            #expect(missing.status == .badRequest)
            #expect(try await client.call("/api/v1/admin/reports.csv?period=2026-11").status == .unauthorized)
        }
    }

    /// The public page and the API detail count for a browser; a crawler, a request without a user agent, a
    /// listing that does not exist and the search page do not.
    @Test func listingViewsAreCountedAtBothDoors() async throws {
        let f = try await APIFixture.make("report-views")
        try await f.database { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            let counter = ListingViewCounter(database: database)
            let ref = try #require(try await database.listings.publicRefs(limit: 1).first)
            try await f.test(views: counter) { app in
                let browser: HTTPFields = [.userAgent: "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile"]
                for (uri, headers) in [
                    ("/listings/\(ref)", browser), ("/listings/\(ref.lowercased())", browser),
                    ("/api/v1/listings/\(ref)", browser), ("/listings/\(ref)", [.userAgent: "Baiduspider/2.0"]),
                    ("/api/v1/listings/\(ref)", [:]), ("/listings/XT-2026-999999", browser),
                    ("/api/v1/listings?q=\(ref)", browser),
                ] {
                    _ = try await app.execute(uri: uri, method: .get, headers: headers, body: nil) { $0.status }
                }
            }
            // the app's own service wrote them at its shutdown (or this flush does, if that write failed)
            try await counter.flush()
            #expect(counter.waiting == 0)
            let rows = try await client.query(
                """
                SELECT page_views, api_views FROM listing_views v JOIN listings l ON l.id = v.listing_id
                WHERE l.ref = \(ref)
                """)
            var counts: [String] = []
            for try await (page, api) in rows.decode((Int, Int).self) { counts.append("\(page) \(api)") }
            #expect(counts == ["2 1"])
        }
    }
}
