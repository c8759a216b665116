import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParkDeskCore
import PostgresNIO
import Testing

/// `POST /api/v1/admin/parse/listing` and `/parse/need`: drafts from text, with the words, nothing saved.
@Suite struct ParseAPITests {
    /// `POST /api/v1/admin/parse/<what>` with `text`.
    static func parse(
        _ what: String, _ text: String, _ client: some TestClientProtocol, _ token: String
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any]) {
        try await client.call(
            "/api/v1/admin/parse/\(what)", method: .post, headers: bearer(token),
            json: String(decoding: try JSONSerialization.data(withJSONObject: ["text": text]), as: UTF8.self))
    }

    @Test func aTitleIsReadIntoListingFieldsWithTheirWords() async throws {
        let f = try await APIFixture.make("parse_listing", demo: false)
        let agent = try await f.token(.agent)
        try await f.test { client in
            let title = "🔥九华标准厂房二楼1500㎡出租,层高6米,承重1吨,12元/平/月,10吨"
            let parsed = try await Self.parse("listing", title, client, agent)
            #expect(parsed.status == .ok)
            let listing = try #require(parsed.body["listing"] as? [String: Any])
            #expect(listing["kind"] as? String == "factory" && listing["district"] as? String == "xiangtan-etdz")
            #expect(listing["floor"] as? Int == 2 && listing["buildingArea"] as? Double == 1500)
            #expect(listing["priceAmount"] as? Double == 12 && listing["priceUnit"] as? String == "yuan-per-m2-month")
            #expect(listing["title"] as? String == title)
            let read = try #require(parsed.body["fields"] as? [[String: Any]])
            let area = try #require(read.first { $0["field"] as? String == "buildingArea" })
            #expect(area["label"] as? String == "建筑面积")
            #expect((area["spans"] as? [[String: Any]])?.first?["start"] as? Int == 9)
            let unparsed = try #require(parsed.body["unparsed"] as? [[String: Any]])
            #expect(unparsed.count == 1 && (unparsed[0]["span"] as? [String: Any])?["text"] as? String == "10吨")
            #expect((unparsed[0]["reason"] as? String)?.contains("行车") == true)

            let asLand = try await client.call(
                "/api/v1/admin/parse/listing", method: .post, headers: bearer(agent),
                json: #"{"text":"临武县12亩，2楼","kind":"collective-land"}"#)
            let land = try #require(asLand.body["listing"] as? [String: Any])
            #expect(land["kind"] as? String == "collective-land" && land["landAreaMu"] as? Double == 12)
            #expect(land["floor"] == nil)

            let long = String(repeating: "厂", count: 2001)
            for (body, field) in [
                (#"{"text":"\#(long)"}"#, "text"),
                (#"{"text":"  "}"#, "text"), (#"{}"#, "text"), (#"{"text":"厂房","kind":"castle"}"#, "kind"),
            ] {
                let bad = try await client.call(
                    "/api/v1/admin/parse/listing", method: .post, headers: bearer(agent), json: body)
                #expect(bad.status == .badRequest && fields(bad.body).contains(field), "\(body)")
            }
            let anonymous = try await client.call("/api/v1/admin/parse/listing", method: .post, json: #"{"text":"厂房"}"#)
            #expect(anonymous.status == .unauthorized)
        }
        #expect(try await f.count("SELECT count(*)::int FROM listings") == 0)
    }

    @Test func aCallNoteIsReadIntoALeadKeepingTheWords() async throws {
        let f = try await APIFixture.make("parse_need", demo: false)
        let agent = try await f.token(.agent)
        try await f.test { client in
            let note = "王总,做工程机械的,要3000到5000平的厂房,最好湘潭县或九华,行车10吨以上,年税收300万左右,电话138 1234 5678"
            let parsed = try await Self.parse("need", note, client, agent)
            #expect(parsed.status == .ok)
            let lead = try #require(parsed.body["lead"] as? [String: Any])
            #expect(lead["contactName"] as? String == "王总" && lead["mobile"] as? String == "13812345678")
            #expect(lead["intendedUse"] as? String == "工程机械" && lead["expectedTax"] as? Double == 300)
            let need = try #require(lead["need"] as? [String: Any])
            #expect(need["kinds"] as? [String] == ["factory"] && need["text"] as? String == note)
            #expect(need["minArea"] as? Double == 3000 && need["maxArea"] as? Double == 5000)
            #expect(need["districts"] as? [String] == ["xiangtan-county", "xiangtan-etdz"])
            #expect(need["minCraneTons"] as? Double == 10)
            #expect((parsed.body["unparsed"] as? [Any])?.isEmpty == true)
            // what it returns can be posted as the lead
            var input = lead
            input["source"] = "hotline"
            let created = try await client.call(
                "/api/v1/admin/leads", method: .post, headers: bearer(agent),
                json: String(data: try JSONSerialization.data(withJSONObject: input), encoding: .utf8)!)
            #expect(created.status == .created)
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads WHERE min_crane_tons = 10") == 1)
    }

    @Test func theInquiryFormReadsTheNeedFromThePersonsWords() async throws {
        let f = try await APIFixture.make("parse_web", demo: false)
        let words = "做汽车零部件的，想在九华租厂房，两千平左右，行车5吨"
        try await f.test(configuration: WebSiteTests.noLimit) { client in
            let fields = [
                ("formKey", try await client.signedFormKey("/inquiry")), ("contactName", "周总"),
                ("mobile", "13912345678"), ("consent", "1"),
                ("needText", words), ("kinds", "warehouse"),
            ]
            let sent = try await client.post(fields)
            #expect(sent.status == .seeOther)
        }
        // the person's choice (仓库) stays; what they left empty comes from their words, which stay unchanged
        #expect(
            try await f.count(
                """
                SELECT count(*)::int FROM leads WHERE wanted_kinds = '{warehouse}' AND deal = 'rent'
                AND min_area_m2 = 1800 AND max_area_m2 = 2200 AND min_crane_tons = 5 AND intended_use = '汽车零部件'
                AND district_ids = '{6}' AND need_text = \(words)
                """) == 1)
    }
}
