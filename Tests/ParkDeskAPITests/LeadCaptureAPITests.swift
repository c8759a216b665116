import Foundation
import HTTPTypes
import HummingbirdTesting
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The website's inquiry form: validation, duplicates, idempotency keys, bot traps and the rate limit.
@Suite struct LeadCaptureAPITests {
    static let validCode = "91430300MA4LXT0Q12"

    /// A website inquiry as JSON, with `overrides` replacing or adding top-level fields (raw JSON values).
    static func inquiry(mobile: String = "13812345678", _ overrides: [String: String] = [:]) -> String {
        var fields: [String: String] = [
            "contactName": #""王经理""#, "mobile": "\"\(mobile)\"", "consentVersion": #""2026-01""#,
            "company": #""湘潭某机械有限公司""#, "intendedUse": #""工程机械零部件加工""#, "expectedTax": "300",
            "need": #"{"kinds":["factory"],"deal":"rent","minArea":3000,"maxArea":5000,"#
                + #""districts":["易俗河"],"minCraneTons":10}"#,
            "fillMillis": "45000",
        ]
        for (key, value) in overrides { fields[key] = value }
        return "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    static let noLimit = AppConfiguration(port: 0, leadRateBurst: 0)

    @Test func anInquiryIsStoredWithTheMobileAsElevenDigitsAndTextIntact() async throws {
        let f = try await APIFixture.make("lead-happy", demo: false)
        let name = "王𠀀经理👷"
        let decomposed = "e\u{301}"  // é as e + combining accent: stored precomposed (NFC)
        try await f.test(configuration: Self.noLimit) { client in
            let answer = try await client.inquire(
                mobile: "+86 138-1234-5678",
                [
                    "contactName": "\"\(name)\"", "message": "\"caf\(decomposed) 需要𪚥字号厂房, 带行车\\n第二行\"",
                ])
            #expect(answer.status == .created)
            #expect(UUID(uuidString: answer.body["receipt"] as? String ?? "") != nil)
            #expect((answer.body["message"] as? String)?.contains("400 0123 021") == true)
            #expect(answer.body.keys.sorted() == ["message", "receipt", "receivedAt"])
        }
        let stored = try await f.database { client in
            try await Database(client: client, logger: TestDatabase.logger).leads.list(LeadFilter())
        }
        let lead = try #require(stored.first)
        #expect(stored.count == 1)
        #expect(lead.fields.mobile == "13812345678")
        #expect(lead.fields.contactName == name)
        #expect(lead.fields.message == "café 需要𪚥字号厂房, 带行车\n第二行")
        #expect(lead.fields.districts == ["湘潭县"])
        #expect(lead.fields.expectedTax == 300)
        #expect(lead.fields.source == .web)
        #expect(lead.consentAt != nil)
        #expect(lead.ref.hasPrefix("LD-"))
    }

    @Test(arguments: [
        "1381234567", "138123456789", "23812345678", "12812345678", "138-1234-567a", "+1 415 555 0100",
        "１３８", "138 1234 5678 ext 2", "", "   ",
    ])
    func badMobilesAreRefusedWithTheRule(mobile: String) async throws {
        let f = try await APIFixture.make("lead-mobile", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let answer = try await client.inquire(mobile: mobile)
            #expect(answer.status == .badRequest)
            #expect(fields(answer.body) == ["mobile"])
            #expect((answer.body["detail"] as? String)?.contains("11-digit") == true)
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 0)
    }

    @Test func everyWrongFieldIsNamedAtOnceAndNothingIsStored() async throws {
        let f = try await APIFixture.make("lead-invalid", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let answer = try await client.inquire([
                "creditCode": #""91430300MA4LXT0Q13""#, "expectedTax": "-5", "listingRef": #""XT-2026-999999""#,
                "email": #""not-an-address""#, "need": #"{"minArea":5000,"maxArea":3000,"districts":["火星区"]}"#,
            ])
            #expect(answer.status == .badRequest)
            #expect(Set(fields(answer.body)) == ["creditCode", "expectedTax", "email", "need.maxArea"])
            let unknown = try await client.inquire([
                "listingRef": #""XT-2026-999999""#, "need": #"{"districts":["火星区"]}"#,
            ])
            #expect(unknown.status == .badRequest)
            // an unknown listing does not stop a public inquiry (it is kept as unavailable); a district does
            #expect(Set(fields(unknown.body)) == ["need.districts"])  // named as the JSON has it
            let tooLong = try await client.inquire([
                "message": "\"" + String(repeating: "厂", count: 2001) + "\""
            ])
            #expect(tooLong.status == .badRequest)
            #expect(fields(tooLong.body) == ["message"])
            let noConsent = try await client.inquire(["consentVersion": "null"])
            #expect(noConsent.status == .badRequest)
            #expect(fields(noConsent.body) == ["consentVersion"])
            let otherSource = try await client.inquire(["source": #""hotline""#])
            #expect(otherSource.status == .badRequest)
            #expect(fields(otherSource.body) == ["source"])
            let null = try await client.inquire(["need": #"{"deal":null}"#])
            #expect(null.status == .badRequest)
            #expect(fields(null.body) == ["need.deal"])
            let unknownField = try await client.inquire(["status": #""signed""#])
            #expect(unknownField.status == .badRequest)
            #expect(fields(unknownField.body) == ["status"])
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 0)
        #expect(try await f.count("SELECT count(*)::int FROM lead_inquiries") == 0)
    }

    @Test func theSamePersonWithinThirtyDaysBecomesAnInquiryOfTheOpenLead() async throws {
        let f = try await APIFixture.make("lead-dedup", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            for mobile in ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678"] {
                let answer = try await client.inquire(mobile: mobile)
                #expect(answer.status == .created)
            }
            // another mobile, same credit code: the same company
            for mobile in ["13900000001", "13900000002"] {
                let answer = try await client.inquire(mobile: mobile, ["creditCode": "\"\(Self.validCode)\""])
                #expect(answer.status == .created)
            }
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 2)
        #expect(try await f.count("SELECT max(inquiry_count)::int FROM leads") == 4)
        #expect(try await f.count("SELECT count(*)::int FROM lead_inquiries") == 6)
        // once the lead is closed, the same person starts a new one
        try await f.database { client in
            let store = Database(client: client, logger: TestDatabase.logger).leads
            var filter = LeadFilter()
            filter.mobile = "13812345678"
            let ref = try #require(try await store.list(filter).first?.ref)
            _ = try await store.changeStatus(ref: ref, to: .junk, reason: "测试", actor: "test")
        }
        try await f.test(configuration: Self.noLimit) { client in
            let answer = try await client.inquire()
            #expect(answer.status == .created)
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads WHERE mobile = '13812345678'") == 2)
    }

    @Test func anIdempotencyKeyAnswersRetriesWithTheFirstAnswer() async throws {
        let f = try await APIFixture.make("lead-idem", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "form-7f3a"]
            let first = try await client.call("/api/v1/leads", method: .post, headers: key, json: Self.inquiry())
            let again = try await client.call("/api/v1/leads", method: .post, headers: key, json: Self.inquiry())
            #expect(first.status == .created && again.status == .created)
            #expect(first.body["receipt"] as? String == again.body["receipt"] as? String)
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(first.headers[HTTPField.Name("Idempotent-Replayed")!] == nil)
            let other = try await client.call(
                "/api/v1/leads", method: .post, headers: key, json: Self.inquiry(mobile: "13900000000"))
            #expect(other.status == .unprocessableContent)
            #expect((other.body["type"] as? String)?.hasSuffix("idempotency-key-reused") == true)
            let bad = try await client.call(
                "/api/v1/leads", method: .post, headers: [HTTPField.Name("Idempotency-Key")!: "带中文"],
                json: Self.inquiry())
            #expect(bad.status == .badRequest)
            #expect(fields(bad.body) == ["Idempotency-Key"])
        }
        #expect(try await f.count("SELECT count(*)::int FROM lead_inquiries") == 1)
    }

    @Test func fiftyConcurrentIdenticalPostsStoreExactlyOneLead() async throws {
        let f = try await APIFixture.make("lead-concurrent", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let statuses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<50 {
                    group.addTask {
                        let answer = try await client.call(
                            "/api/v1/leads", method: .post,
                            headers: [HTTPField.Name("Idempotency-Key")!: "same-key"], json: Self.inquiry())
                        return (answer.status, answer.body["receipt"] as? String)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0.0 == .created || $0.0 == .conflict })
            #expect(Set(statuses.filter { $0.0 == .created }.map(\.1)).count == 1)
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 1)
        #expect(try await f.count("SELECT count(*)::int FROM lead_inquiries") == 1)
    }

    @Test func concurrentPostsOfOnePersonWithoutKeysMakeOneLead() async throws {
        let f = try await APIFixture.make("lead-concurrent-dedup", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        let answer = try await client.inquire(["message": "\"第\(index)次\""])
                        #expect(answer.status == .created)
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 1)
        #expect(try await f.count("SELECT inquiry_count FROM leads") == 20)
    }

    @Test func botsGetTheSameAnswerAndAreCountedNotStored() async throws {
        let f = try await APIFixture.make("lead-bots", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let honeypot = try await client.inquire(["website": #""http://spam.example""#])
            let tooFast = try await client.inquire(["fillMillis": "400"])
            for answer in [honeypot, tooFast] {
                #expect(answer.status == .created)
                #expect(answer.body.keys.sorted() == ["message", "receipt", "receivedAt"])
            }
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 0)
        #expect(try await f.count("SELECT sum(count)::int FROM dropped_lead_posts WHERE reason = 'honeypot'") == 1)
        #expect(try await f.count("SELECT sum(count)::int FROM dropped_lead_posts WHERE reason = 'too-fast'") == 1)
    }

    @Test func eachClientAddressHasABurstThenWaits() async throws {
        let f = try await APIFixture.make("lead-rate", demo: false)
        var configuration = AppConfiguration(port: 0, leadRateBurst: 3)
        configuration.leadRatePerMinute = 1
        configuration.trustedProxies = ["127.0.0.1", "::1"]
        let forwarded = { @Sendable (address: String) -> HTTPFields in
            [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9, \(address)"]
        }
        try await f.app(configuration: configuration).test(.live) { client in
            for index in 0..<3 {
                let answer = try await client.call(
                    "/api/v1/leads", method: .post, headers: forwarded("198.51.100.7"),
                    json: Self.inquiry(mobile: "1380000000\(index)"))
                #expect(answer.status == .created)
            }
            let limited = try await client.call(
                "/api/v1/leads", method: .post, headers: forwarded("198.51.100.7"),
                json: Self.inquiry(mobile: "13800000009"))
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            // another client behind the same proxy has its own bucket
            let other = try await client.call(
                "/api/v1/leads", method: .post, headers: forwarded("198.51.100.8"),
                json: Self.inquiry(mobile: "13800000008"))
            #expect(other.status == .created)
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 4)
        #expect(try await f.count("SELECT count(*)::int FROM lead_inquiries WHERE client_ip = '198.51.100.7'") == 3)
    }
}

/// `capture_lead()` receives the lead as JSON keyed by column names: every field must arrive in its column.
@Suite struct LeadCaptureStoreTests {
    @Test func everyFieldOfACaptureIsStoredAndReadBack() async throws {
        let f = try await APIFixture.make("lead-fields")
        try await f.database { client in
            var listingRef = "", parkName = ""
            for try await (ref, park) in try await client.query(
                "SELECT l.ref, p.name FROM listings l JOIN parks p ON p.id = l.park_id ORDER BY l.id LIMIT 1"
            ).decode((String, String).self) {
                (listingRef, parkName) = (ref, park)
            }
            var draft = LeadDraft()
            draft.kinds = [.factory, .warehouse]; draft.deal = .sale; draft.minArea = Decimal(string: "1200.5")
            draft.maxArea = 5000; draft.budget = Decimal(string: "880.25"); draft.budgetUnit = .wanYuanTotal
            draft.districts = ["湘潭县", "苏仙区"]; draft.parks = [parkName]; draft.minCraneTons = Decimal(string: "16.5")
            draft.moveIn = "2027-03-01"; draft.needText = "单层厂房, \"带\"行车\n独门独院 \\ 𠀀"; draft.intendedUse = "锂电池材料"
            draft.expectedTax = Decimal(string: "300.5"); draft.investment = 12000; draft.company = "湘潭某新材料有限公司"
            draft.creditCode = LeadCaptureAPITests.validCode; draft.contactName = "李工"; draft.mobile = "13912345678"
            draft.landline = "0731-5555 1234"; draft.wechat = "li_gong"; draft.email = "li@example.cn"
            draft.message = "请回电 👷"; draft.listingRef = listingRef; draft.source = .hotline;
            draft.campaign = "2026秋季推介会"
            draft.consentVersion = "2026-01"
            let valid = try draft.validated()
            let store = Database(client: client, logger: TestDatabase.logger).leads
            let arrival = LeadStore.Arrival(actor: "staff:王", clientIP: "2001:db8::1", audited: true)
            let first = try await store.capture(valid, arrival: arrival)
            let stored = try await store.find(ref: first.ref)
            #expect(stored.fields == valid)
            #expect(stored.consentAt != nil)
            #expect(!first.attached)

            var again = LeadDraft()
            again.contactName = "李工"; again.mobile = "139 1234 5678"; again.source = .web;
            again.consentVersion = "2026-01"
            again.message = "第二次来电"
            let second = try await store.capture(
                try again.validated(), arrival: LeadStore.Arrival(actor: "web", audited: false))
            #expect(second.attached && second.leadID == first.leadID)
            let detail = try await store.detail(ref: first.ref)
            #expect(detail.inquiries.map(\.message) == ["请回电 👷", "第二次来电"])
            #expect(detail.inquiries.map(\.listingRef) == [listingRef, nil])
            #expect(detail.inquiries.first?.campaign == "2026秋季推介会")
        }
        #expect(
            try await f.count(
                """
                SELECT count(*)::int FROM lead_inquiries
                WHERE client_ip = '2001:db8::1' AND entered_by = 'staff:王' AND source = 'hotline'
                """) == 1)
    }
}
