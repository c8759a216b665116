import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Nothing a person sends is lost, and erasing a person erases every copy.
@Suite struct LeadContactsAPITests {
    static let noLimit = LeadCaptureAPITests.noLimit
    static let code = LeadCaptureAPITests.validCode

    @Test func aSecondPersonOfTheSameCompanyIsKeptShownMaskedAndExported() async throws {
        let f = try await APIFixture.make("contacts-second", demo: false)
        let admin = try await f.token(.admin)
        let agent = try await f.token(.agent)
        try await f.test(configuration: Self.noLimit) { client in
            let first = try await client.inquire(
                mobile: "13812345678", ["creditCode": "\"\(Self.code)\""])
            let second = try await client.inquire(
                mobile: "13998765432",
                [
                    "creditCode": "\"\(Self.code)\"", "contactName": #""李工""#,
                    "wechat": #""ligong88""#, "message": #""我是同公司的采购""#,
                    "email": #""li@example.cn""#, "landline": #""0731-58234567""#,
                ])
            #expect(first.status == .created && second.status == .created)
            let list = try await client.call("/api/v1/admin/leads", headers: bearer(admin))
            let ref = try #require(items(list.body).first?["ref"] as? String)
            #expect(items(list.body).count == 1)

            let detail = try await client.call("/api/v1/admin/leads/\(ref)", headers: bearer(admin))
            let inquiries = detail.body["inquiries"] as? [[String: Any]] ?? []
            #expect(inquiries.count == 2)
            #expect(inquiries.last?["contactName"] as? String == "李工")
            #expect(inquiries.last?["mobile"] as? String == "13998765432")
            #expect(inquiries.last?["wechat"] as? String == "ligong88")
            #expect(inquiries.first?["mobile"] as? String == "13812345678")
            // the lead's contact is one person's: 李工's e-mail, landline and WeChat stay in 李工's inquiry (issue 29)
            let lead = detail.body["lead"] as? [String: Any] ?? [:]
            #expect(lead["mobile"] as? String == "13812345678")
            #expect(lead["email"] == nil && lead["landline"] == nil && lead["wechat"] == nil, "\(lead)")
            #expect(inquiries.last?["email"] as? String == "li@example.cn")

            let masked = try await client.call("/api/v1/admin/leads/\(ref)", headers: bearer(agent))
            let maskedInquiries = masked.body["inquiries"] as? [[String: Any]] ?? []
            #expect(maskedInquiries.last?["mobile"] as? String == "139****5432")
            #expect(maskedInquiries.last?["wechat"] as? String == "l***")

            let csv = try await client.execute(uri: "/api/v1/admin/leads.csv", method: .get, headers: bearer(admin)) {
                String(buffer: $0.body)
            }
            #expect(csv.contains("其他联系人"))
            #expect(csv.contains("李工 139 9876 5432"))
        }
    }

    /// A mobile planted in every free-text field a lead can reach is in no row of any table after erase.
    @Test func eraseLeavesNoCopyOfPersonalTextInAnyTable() async throws {
        let f = try await APIFixture.make("contacts-erase", demo: false)
        let admin = try await f.token(.admin)
        let planted = "13712349876"
        let text = "请打\(planted)"
        try await f.test(configuration: Self.noLimit) { client in
            let web = try await client.inquire(
                mobile: planted,
                [
                    "contactName": "\"王\(planted)\"", "company": "\"公司\(planted)\"", "intendedUse": "\"\(text)\"",
                    "message": "\"\(text)\"", "campaign": "\"\(text)\"", "consentVersion": "\"\(planted)\"",
                    "wechat": "\"wx\(planted)\"", "email": "\"\(planted)@example.cn\"",
                    "landline": "\"\(planted)\"",
                    "creditCode": "\"\(Self.code)\"",
                    "need": "{\"kinds\":[\"factory\"],\"text\":\"\(text)\"}",
                ])
            #expect(web.status == .created)
            let again = try await client.inquire(
                mobile: "13600001111", ["creditCode": "\"\(Self.code)\"", "message": "\"同事\(planted)\""])
            #expect(again.status == .created)
            let other = try await LeadPipelineAPITests.create(
                client, admin,
                """
                {"source":"hotline","contactName":"另一个","mobile":"13500002222","need":{"text":"\(text)"}}
                """)
            let ref = try #require(
                items(
                    try await client.call(
                        "/api/v1/admin/leads?mobile=\(planted)",
                        headers: bearer(admin)
                    ).body
                ).first?["ref"] as? String)
            _ = try await client.call(
                "/api/v1/admin/leads/\(ref)/notes", method: .post, headers: bearer(admin),
                json: "{\"note\":\"\(text)\"}")
            _ = try await client.call(
                "/api/v1/admin/leads/\(ref)/status", method: .post, headers: bearer(admin),
                json: "{\"status\":\"lost\",\"reason\":\"\(text)\"}")
            _ = try await client.call(
                "/api/v1/admin/leads/\(other)/notes", method: .post, headers: bearer(admin),
                json: "{\"note\":\"\(text)\"}")
            let merged = try await client.call(
                "/api/v1/admin/leads/\(ref)/merge", method: .post, headers: bearer(admin),
                json: "{\"other\":\"\(other)\"}")
            #expect(merged.status == .ok)
            #expect(try await Self.rowsHolding(planted, f) > 0)

            let erased = try await client.call(
                "/api/v1/admin/leads/\(ref)/erase", method: .post, headers: bearer(admin))
            #expect(erased.status == .ok)
            let lead = LeadPipelineAPITests.lead(erased.body)
            #expect(lead["erased"] as? Bool == true)
            #expect((lead["need"] as? [String: Any])?["kinds"] as? [String] == ["factory"])
            #expect(lead["statusReason"] as? String == "[已删除 erased]")
        }
        #expect(try await Self.rowsHolding(planted, f) == 0)
        #expect(try await Self.rowsHolding("13600001111", f) == 0)
    }

    /// Rows of every table of the public schema whose text holds `needle`.
    static func rowsHolding(_ needle: String, _ f: APIFixture) async throws -> Int {
        try await f.count(
            """
            SELECT coalesce(sum((xpath('/row/n/text()', query_to_xml(
                       format('SELECT count(*) AS n FROM %I.%I t WHERE t::text LIKE %L', table_schema, table_name,
                              '%' || \(needle) || '%'), false, true, '')))[1]::text::int), 0)::int
            FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            """)
    }
}
