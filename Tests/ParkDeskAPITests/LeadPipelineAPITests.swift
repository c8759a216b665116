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

/// The office's side: hotline entries, the pipeline, masking per role, merge, erase, matching and CSV.
@Suite struct LeadPipelineAPITests {
    /// The status of `method` on `/api/v1/admin/leads/<ref>/<action>` with `json`.
    static func leadAction(
        _ client: some TestClientProtocol, _ ref: String, _ action: String, _ method: HTTPRequest.Method,
        _ headers: HTTPFields, _ json: String
    ) async throws -> HTTPResponse.Status {
        try await client.call("/api/v1/admin/leads/\(ref)/\(action)", method: method, headers: headers, json: json)
            .status
    }

    static let hotlineCall = """
        {"source":"hotline","need":{"kinds":["factory"],"deal":"rent","minArea":3000,"maxArea":5000,"districts":["湘潭县"],
         "minCraneTons":10,"budget":15,"budgetUnit":"yuan-per-m2-month"},"intendedUse":"工程机械","expectedTax":300.5,
         "contactName":"李总","mobile":"139 0731 0000","wechat":"lizong88","email":"li@example.cn"}
        """

    static func create(
        _ client: some TestClientProtocol, _ token: String, _ json: String = hotlineCall
    ) async throws -> String {
        let created = try await client.call("/api/v1/admin/leads", method: .post, headers: bearer(token), json: json)
        #expect(created.status == .created)
        return try #require((created.body["lead"] as? [String: Any])?["ref"] as? String)
    }

    static func lead(_ body: [String: Any]) -> [String: Any] {
        body["lead"] as? [String: Any] ?? [:]
    }

    @Test func hotlineLeadsAreEnteredWithTheirNeedAndAudited() async throws {
        let f = try await APIFixture.make("lead-admin-create", demo: false)
        let admin = try await f.token(.admin, name: "desk")
        try await f.test { client in
            let created = try await client.call(
                "/api/v1/admin/leads", method: .post, headers: bearer(admin), json: Self.hotlineCall)
            #expect(created.status == .created)
            let lead = Self.lead(created.body)
            let ref = try #require(lead["ref"] as? String)
            #expect(created.headers[.location] == "/api/v1/admin/leads/\(ref)")
            #expect(lead["mobile"] as? String == "13907310000")
            #expect(lead["sourceLabel"] as? String == "400热线")
            #expect(lead["statusLabel"] as? String == "新线索")
            #expect(lead["expectedTax"] as? Double == 300.5)
            #expect((lead["need"] as? [String: Any])?["districts"] as? [String] == ["湘潭县"])
            #expect(lead["contactMasked"] as? Bool == false)
            // the same caller again: an inquiry on the open lead, 200 not 201
            let again = try await client.call(
                "/api/v1/admin/leads", method: .post, headers: bearer(admin), json: Self.hotlineCall)
            #expect(again.status == .ok)
            #expect(Self.lead(again.body)["ref"] as? String == ref)
            #expect((again.body["inquiries"] as? [Any])?.count == 2)
            let noSource = try await client.call(
                "/api/v1/admin/leads", method: .post, headers: bearer(admin),
                json: #"{"contactName":"李总","mobile":"13907310000"}"#)
            #expect(noSource.status == .badRequest)
            #expect(fields(noSource.body) == ["source"])
        }
        #expect(
            try await f.count("SELECT count(*)::int FROM audit_log WHERE action IN ('lead.create', 'lead.inquiry')")
                == 2)
    }

    @Test func thePipelineAllowsOnlyLegalMovesAndRecordsEach() async throws {
        let f = try await APIFixture.make("lead-pipeline", demo: false)
        let admin = try await f.token(.admin)
        try await f.test { client in
            let ref = try await Self.create(client, admin)
            let path = "/api/v1/admin/leads/\(ref)/status"
            let skip = try await client.call(path, method: .post, headers: bearer(admin), json: #"{"status":"signed"}"#)
            #expect(skip.status == .badRequest)
            #expect(fields(skip.body) == ["status"])
            #expect((skip.body["detail"] as? String)?.contains("allowed: contacted (已联系)") == true)
            let lostWithoutReason = try await client.call(
                path, method: .post, headers: bearer(admin), json: #"{"status":"lost"}"#)
            #expect(fields(lostWithoutReason.body) == ["reason"])
            for status in ["contacted", "qualified", "visiting", "negotiating", "signed", "landed"] {
                let moved = try await client.call(
                    path, method: .post, headers: bearer(admin), json: "{\"status\":\"\(status)\"}")
                #expect(moved.status == .ok, "\(status)")
                #expect(Self.lead(moved.body)["status"] as? String == status)
            }
            let final = try await client.call(
                path, method: .post, headers: bearer(admin), json: #"{"status":"lost","reason":"x"}"#)
            #expect(final.status == .badRequest)
            let detail = try await client.call("/api/v1/admin/leads/\(ref)", headers: bearer(admin))
            let history = detail.body["history"] as? [[String: Any]] ?? []
            #expect(
                history.compactMap { $0["to"] as? String } == [
                    "new", "contacted", "qualified", "visiting", "negotiating", "signed", "landed",
                ])
            let note = try await client.call(
                "/api/v1/admin/leads/\(ref)/notes", method: .post, headers: bearer(admin),
                json: #"{"note":"客户已落地，年税收预计 300 万元 ✅"}"#)
            #expect(note.status == .created)
            #expect((note.body["notes"] as? [[String: Any]])?.first?["note"] as? String == "客户已落地，年税收预计 300 万元 ✅")
            let empty = try await client.call(
                "/api/v1/admin/leads/\(ref)/notes", method: .post, headers: bearer(admin), json: #"{"note":"  "}"#)
            #expect(fields(empty.body) == ["note"])
            #expect(
                try await client.call("/api/v1/admin/leads/LD-2026-999999", headers: bearer(admin)).status == .notFound)
            #expect(
                fields(try await client.call("/api/v1/admin/leads/nonsense", headers: bearer(admin)).body) == [
                    "leadRef"
                ])
        }
        #expect(try await f.count("SELECT count(*)::int FROM lead_history WHERE event = 'status'") == 6)
    }

    @Test func contactDetailsAreMaskedInListsAndForAgentsUnlessTheLeadIsTheirs() async throws {
        let f = try await APIFixture.make("lead-masking", demo: false)
        let admin = try await f.token(.admin)
        let agent = try await f.token(.agent, name: "zhang.wei")
        let otherAgent = try await f.token(.agent, name: "li.na")
        try await f.test { client in
            let ref = try await Self.create(client, admin)
            let list = try await client.call("/api/v1/admin/leads", headers: bearer(admin))
            let listed = try #require(items(list.body).first)
            #expect(listed["mobile"] as? String == "139****0000")
            #expect(listed["email"] as? String == "l***@example.cn")
            #expect(listed["contactMasked"] as? Bool == true)
            let asAgent = Self.lead(try await client.call("/api/v1/admin/leads/\(ref)", headers: bearer(agent)).body)
            #expect(asAgent["mobile"] as? String == "139****0000")
            #expect(asAgent["wechat"] as? String == "l***")
            #expect(
                try await Self.leadAction(client, ref, "status", .post, bearer(agent), #"{"status":"contacted"}"#)
                    == .forbidden)
            #expect(
                try await Self.leadAction(client, ref, "assignee", .put, bearer(agent), #"{"assignee":"zhang.wei"}"#)
                    == .forbidden)
            let assigned = try await client.call(
                "/api/v1/admin/leads/\(ref)/assignee", method: .put, headers: bearer(admin),
                json: #"{"assignee":"zhang.wei"}"#)
            #expect(Self.lead(assigned.body)["assignee"] as? String == "zhang.wei")
            let toAdmin = try await client.call(
                "/api/v1/admin/leads/\(ref)/assignee", method: .put, headers: bearer(admin),
                json: #"{"assignee":"nobody-here"}"#)
            #expect(fields(toAdmin.body) == ["assignee"])
            let mine = Self.lead(try await client.call("/api/v1/admin/leads/\(ref)", headers: bearer(agent)).body)
            #expect(mine["mobile"] as? String == "13907310000")
            #expect(mine["contactMasked"] as? Bool == false)
            let notMine = Self.lead(
                try await client.call("/api/v1/admin/leads/\(ref)", headers: bearer(otherAgent)).body)
            #expect(notMine["mobile"] as? String == "139****0000")
            #expect(
                try await Self.leadAction(client, ref, "status", .post, bearer(agent), #"{"status":"contacted"}"#)
                    == .ok)
            let byAssignee = try await client.call("/api/v1/admin/leads?assignee=zhang.wei", headers: bearer(agent))
            #expect(items(byAssignee.body).count == 1)
            let unassigned = try await client.call("/api/v1/admin/leads?assignee=none", headers: bearer(agent))
            #expect(items(unassigned.body).isEmpty)
            let byMobile = try await client.call("/api/v1/admin/leads?mobile=139-0731-0000", headers: bearer(agent))
            #expect(items(byMobile.body).count == 1)
            #expect(try await client.call("/api/v1/admin/leads.csv", headers: bearer(agent)).status == .forbidden)
            let unassigned2 = try await client.call(
                "/api/v1/admin/leads/\(ref)/assignee", method: .delete, headers: bearer(admin))
            #expect(unassigned2.status == .ok)
            #expect(Self.lead(unassigned2.body)["assignee"] == nil)
            let asNull = try await client.call(
                "/api/v1/admin/leads/\(ref)/assignee", method: .put, headers: bearer(admin),
                json: #"{"assignee":null}"#)
            #expect(fields(asNull.body) == ["assignee"])
            #expect(
                try await client.call("/api/v1/admin/leads/\(ref)/erase", method: .post, headers: bearer(agent)).status
                    == .forbidden)
        }
    }

    @Test func mergingMovesInquiriesAndNotesAndErasingKeepsAnAnonymousRecord() async throws {
        let f = try await APIFixture.make("lead-merge-erase", demo: false)
        let admin = try await f.token(.admin)
        try await f.test { client in
            let keep = try await Self.create(client, admin)
            let other = try await Self.create(
                client, admin, #"{"source":"wechat","contactName":"李总助理","mobile":"13600000000","company":"某新能源公司"}"#)
            _ = try await client.call(
                "/api/v1/admin/leads/\(other)/notes", method: .post, headers: bearer(admin), json: #"{"note":"同一个项目"}"#)
            let merged = try await client.call(
                "/api/v1/admin/leads/\(keep)/merge", method: .post, headers: bearer(admin),
                json: "{\"other\":\"\(other)\"}")
            #expect(merged.status == .ok)
            #expect(Self.lead(merged.body)["inquiryCount"] as? Int == 2)
            #expect(Self.lead(merged.body)["company"] as? String == "某新能源公司")
            #expect((merged.body["notes"] as? [Any])?.count == 1)
            let absorbed = Self.lead(try await client.call("/api/v1/admin/leads/\(other)", headers: bearer(admin)).body)
            #expect(absorbed["mergedInto"] as? String == keep)
            #expect(items(try await client.call("/api/v1/admin/leads", headers: bearer(admin)).body).count == 1)
            let twice = try await client.call(
                "/api/v1/admin/leads/\(keep)/merge", method: .post, headers: bearer(admin),
                json: "{\"other\":\"\(other)\"}")
            #expect(fields(twice.body) == ["other"])

            let erased = try await client.call(
                "/api/v1/admin/leads/\(keep)/erase", method: .post, headers: bearer(admin))
            #expect(erased.status == .ok)
            let lead = Self.lead(erased.body)
            #expect(lead["erased"] as? Bool == true)
            for field in ["contactName", "mobile", "wechat", "email", "company"] {
                #expect(lead[field] == nil, "\(field)")
            }
            // free text goes with the person; figures and the structured need stay
            #expect(lead["intendedUse"] == nil)
            #expect(lead["expectedTax"] as? Double == 300.5)
            #expect((erased.body["notes"] as? [[String: Any]])?.first?["note"] as? String == "[已删除 erased]")
        }
        #expect(
            try await f.count(
                "SELECT count(*)::int FROM lead_inquiries WHERE message IS NOT NULL OR client_ip IS NOT NULL") == 0)
        // the lead merged into the erased one held the same person's data: erased with it
        #expect(
            try await f.count("SELECT count(*)::int FROM leads WHERE erased_at IS NOT NULL AND mobile IS NULL") == 2)
    }

    /// Issue 29: merging into an erased lead answered 200 and put a name and mobile back (or a 400 with
    /// PostgreSQL's raw constraint text). An erased lead takes no personal data by any path.
    @Test func anErasedLeadCannotBeMergedEitherWay() async throws {
        let f = try await APIFixture.make("lead-merge-erased", demo: false)
        let admin = try await f.token(.admin)
        try await f.test { client in
            let erased = try await Self.create(client, admin)
            let live = try await Self.create(
                client, admin,
                #"{"source":"wechat","contactName":"李总","mobile":"13600000001","email":"li@example.cn","#
                    + #""wechat":"lz88"}"#
            )
            #expect(
                try await client.call("/api/v1/admin/leads/\(erased)/erase", method: .post, headers: bearer(admin))
                    .status == .ok)
            for (keep, other, field) in [(erased, live, "ref"), (live, erased, "other")] {
                let merged = try await client.call(
                    "/api/v1/admin/leads/\(keep)/merge", method: .post, headers: bearer(admin),
                    json: "{\"other\":\"\(other)\"}")
                #expect(merged.status == .badRequest)
                #expect(fields(merged.body) == [field])
                let detail = (merged.body["errors"] as? [[String: String]])?.first?["message"] ?? ""
                #expect(detail.contains("erased") && !detail.contains("constraint"), "\(detail)")
            }
        }
        #expect(
            try await f.count(
                "SELECT count(*)::int FROM leads WHERE erased_at IS NOT NULL AND num_nonnulls(contact_name, mobile) = 0"
            )
                == 1)
        #expect(try await f.count("SELECT count(*)::int FROM leads WHERE merged_into IS NOT NULL") == 0)
    }

    @Test func matchesRankActiveListingsThatFitTheNeed() async throws {
        let f = try await APIFixture.make("lead-match", demo: false)
        let admin = try await f.token(.admin)
        let fits = try await f.listing { d in
            d.title = "易俗河重工厂房4000平米独栋单层出租"; d.buildingArea = 4000; d.craneTons = 16; d.priceAmount = 12
        }
        _ = try await f.listing { d in
            d.title = "九华小厂房800平米"; d.district = "九华"; d.buildingArea = 800
        }
        _ = try await f.listing(
            { d in
                d.title = "草稿厂房4000平米"; d.buildingArea = 4000; d.craneTons = 20
            }, status: .draft)
        try await f.test { client in
            let ref = try await Self.create(client, admin)
            let matches = try await client.call("/api/v1/admin/leads/\(ref)/matches", headers: bearer(admin))
            #expect(matches.status == .ok)
            let found = items(matches.body)
            #expect(found.count == 1)
            #expect(found.first?["ref"] as? String == fits.ref)
            #expect(found.first?["score"] as? Int == 100)
            let reasons = found.first?["reasons"] as? [String] ?? []
            #expect(reasons.contains("位于意向区域 湘潭县"))
            #expect(reasons.contains { $0.hasPrefix("行车 16") })
        }
    }
}
