import Foundation
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The period report against a data set whose every figure is worked out by hand below: November 2026 in
/// Asia/Shanghai, leads at the period's edges (00:00:00 on the 1st in, 23:59:59 on the 31st of October out,
/// 00:00:00 on 1 December out), a merged duplicate, an erased signed lead, changes after the period (undone for
/// the figures as of its end), and a listing withdrawn, published again and leased within the month.
@Suite struct ReportTests {
    static let november = try! ReportPeriod("2026-11")
    static let now = ISO8601DateFormatter().date(from: "2026-12-08T10:00:00+08:00")!

    struct Fixture {
        let database: Database
        let client: PostgresClient

        func sql(_ text: String) async throws {
            for statement in text.components(separatedBy: ";\n")
            where !statement.trimmingCharacters(
                in: .whitespacesAndNewlines
            ).isEmpty {
                _ = try await client.query(PostgresQuery(unsafeSQL: statement))
            }
        }

        /// A lead captured at `at` (local time, `2026-11-05 10:00:00`).
        func lead(
            _ mobile: String, _ source: LeadSource, at: String, kinds: [ListingKind] = [], districts: [String] = [],
            tax: Decimal? = nil, investment: Decimal? = nil, company: String? = nil
        ) async throws -> String {
            var draft = LeadDraft()
            (draft.mobile, draft.contactName, draft.source, draft.company) = (mobile, "客户", source, company)
            draft.consentVersion = source == .web ? "2026-01" : nil
            (draft.kinds, draft.districts, draft.expectedTax, draft.investment) = (kinds, districts, tax, investment)
            let ref = try await database.leads.capture(try draft.validated(), arrival: .init(actor: "t", audited: true))
                .ref
            try await sql(
                """
                UPDATE leads SET created_at = '\(at)+08' WHERE ref = '\(ref)';
                UPDATE lead_inquiries SET received_at = '\(at)+08'
                WHERE lead_id = (SELECT id FROM leads WHERE ref = '\(ref)');
                UPDATE lead_history SET at = '\(at)+08' WHERE lead_id = (SELECT id FROM leads WHERE ref = '\(ref)')
                """)
            return ref
        }

        /// Moves a lead along its pipeline at `at`.
        func move(_ ref: String, _ moves: [(LeadStatus, String)], reason: String? = nil) async throws {
            for (status, at) in moves {
                _ = try await database.leads.changeStatus(ref: ref, to: status, reason: reason, actor: "t")
                try await sql(
                    """
                    UPDATE lead_history SET at = '\(at)+08' WHERE id = (
                        SELECT max(id) FROM lead_history WHERE lead_id = (SELECT id FROM leads WHERE ref = '\(ref)'))
                    """)
            }
        }

        /// A listing created with `status` at `at`, then moved as `moves` say.
        func listing(
            _ kind: ListingKind, _ district: String, created at: String, status: ListingStatus,
            moves: [(ListingStatus, String)] = [], landArea: Decimal? = nil
        ) async throws -> String {
            var draft = ListingDraft()
            let land = !kind.isBuilding
            (draft.kind, draft.deal, draft.district) = (kind, land ? .sale : .rent, district)
            if land {
                (draft.landArea, draft.priceAmount, draft.priceUnit) = (landArea ?? 5000, 300, .wanYuanTotal)
            } else {
                (draft.buildingArea, draft.priceAmount, draft.priceUnit) = (2000, 12, .yuanPerM2Month)
            }
            draft.title = "\(district)\(kind.label)测试"
            let ref = try await database.listings.create(draft, status: status, actor: "t").ref
            try await sql(
                """
                UPDATE listings SET created_at = '\(at)+08' WHERE ref = '\(ref)';
                UPDATE listing_status_history SET changed_at = '\(at)+08'
                WHERE listing_id = (SELECT id FROM listings WHERE ref = '\(ref)')
                """)
            for (target, when) in moves {
                _ = try await database.listings.changeStatus(ref: ref, to: target, note: "", actor: "t")
                try await sql(
                    """
                    UPDATE listing_status_history SET changed_at = '\(when)+08' WHERE id = (
                        SELECT max(id) FROM listing_status_history
                        WHERE listing_id = (SELECT id FROM listings WHERE ref = '\(ref)'))
                    """)
            }
            return ref
        }
    }

    @Test func theMonthsFiguresAreTheHandWorkedOnes() async throws {
        let config = try await TestDatabase.shared.fresh("report")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            let f = Fixture(database: database, client: client)
            _ = try await database.staff.add(login: "wang", displayName: "王专员", role: .agent, actor: "t")
            _ = try await database.staff.add(login: "li", displayName: "李专员", role: .agent, actor: "t")

            // listings: L1 withdrawn, published again and leased in November (first published 1 October: 50 days
            // to the lease); L2 (10 亩 of land) new in November, sold in December; L3 a draft published in
            // November; L4 created in December
            let l1 = try await f.listing(
                .factory, "雨湖区", created: "2026-10-01 00:00:00", status: .active,
                moves: [
                    (.withdrawn, "2026-11-05 09:00:00"), (.active, "2026-11-08 09:00:00"),
                    (.leased, "2026-11-20 00:00:00"),
                ])
            let l2 = try await f.listing(
                .industrialLand, "雨湖区", created: "2026-11-03 09:00:00", status: .active,
                moves: [(.sold, "2026-12-02 09:00:00")], landArea: Decimal(string: "6666.7")!)
            let l3 = try await f.listing(
                .warehouse, "岳塘区", created: "2026-11-02 09:00:00", status: .draft,
                moves: [(.active, "2026-11-04 09:00:00")])
            _ = try await f.listing(.factory, "岳塘区", created: "2026-12-02 09:00:00", status: .active)

            // leads
            let a = try await f.lead(
                "13900000001", .web, at: "2026-11-01 00:00:00", kinds: [.industrialLand], districts: ["雨湖区"],
                tax: 100, investment: 5000, company: "湘潭甲公司")
            let b = try await f.lead(
                "13900000002", .hotline, at: "2026-10-31 23:59:59", tax: 50, investment: 2000, company: "乙公司")
            let c = try await f.lead("13900000003", .hotline, at: "2026-11-30 23:59:59")
            _ = try await f.lead("13900000004", .web, at: "2026-12-01 00:00:00")
            let e = try await f.lead(
                "13900000005", .wechat, at: "2026-11-10 09:00:00", kinds: [.factory, .warehouse],
                districts: ["雨湖区", "岳塘区"])
            let junk = try await f.lead("13900000006", .web, at: "2026-11-10 10:00:00")
            let g = try await f.lead("13900000007", .web, at: "2026-11-12 08:00:00", company: "丙公司")
            let h = try await f.lead("13900000008", .web, at: "2026-11-15 08:00:00")
            for (ref, login) in [(a, "wang"), (e, "wang"), (g, "li")] {
                _ = try await database.leads.assign(ref: ref, to: login, actor: "t")
            }
            try await f.move(
                a,
                [
                    (.contacted, "2026-11-01 02:00:00"), (.qualified, "2026-11-03 09:00:00"),
                    (.visiting, "2026-11-10 09:00:00"), (.negotiating, "2026-11-15 09:00:00"),
                    (.signed, "2026-11-20 09:00:00"), (.landed, "2026-12-03 09:00:00"),
                ])
            try await f.move(
                b,
                [
                    (.contacted, "2026-11-02 09:00:00"), (.qualified, "2026-11-03 09:00:00"),
                    (.negotiating, "2026-11-04 09:00:00"), (.signed, "2026-11-25 09:00:00"),
                ])
            try await f.move(e, [(.contacted, "2026-11-11 12:00:00")])
            try await f.move(e, [(.lost, "2026-11-12 09:00:00")], reason: "预算不足。")
            try await f.move(junk, [(.junk, "2026-11-10 11:00:00")], reason: "空号")
            try await f.move(
                g,
                [
                    (.contacted, "2026-11-12 09:30:00"), (.qualified, "2026-11-13 09:00:00"),
                    (.negotiating, "2026-11-14 09:00:00"), (.signed, "2026-11-16 09:00:00"),
                ])
            _ = try await database.leads.merge(keep: a, absorb: h, actor: "t")
            _ = try await database.leads.erase(ref: g, actor: "t")
            // A asks again on the 16th (its third inquiry, H's being its second)
            try await f.sql(
                """
                INSERT INTO lead_inquiries (lead_id, receipt, received_at, source, entered_by, listing_id)
                SELECT id, gen_random_uuid(), '2026-11-16 10:00:00+08', 'web', 't', NULL FROM leads WHERE ref = '\(a)';
                UPDATE leads SET listing_id = (SELECT id FROM listings WHERE ref = '\(l2)') WHERE ref = '\(a)';
                UPDATE lead_inquiries SET listing_id = (SELECT id FROM listings WHERE ref = '\(l2)')
                WHERE received_at = '2026-11-01 00:00:00+08';
                UPDATE lead_inquiries SET listing_id = (SELECT id FROM listings WHERE ref = '\(l1)')
                WHERE received_at = '2026-11-15 08:00:00+08';
                INSERT INTO listing_views (listing_id, day, page_views, api_views)
                SELECT id, '2026-11-30', 30, 10 FROM listings WHERE ref = '\(l1)';
                INSERT INTO listing_views (listing_id, day, page_views, api_views)
                SELECT id, d::date, v, 0 FROM listings, (VALUES ('2026-11-01', 10), ('2026-12-01', 99)) AS x(d, v)
                WHERE ref = '\(l3)';
                INSERT INTO listing_views (listing_id, day, page_views, api_views)
                SELECT id, '2026-10-31', 5, 0 FROM listings WHERE ref = '\(l2)'
                """)

            let report = try await database.reports.report(Self.november, now: Self.now)
            let districts = try await database.places.districts()
            let yuhu = String(districts.first { $0.name == "雨湖区" }!.id)

            #expect(report.period.from == "2026-11-01" && report.period.to == "2026-11-30" && report.period.complete)
            #expect(report.period.asOf == "2026-12-01T00:00:00+08:00")
            // cohort: A, C, E, junk, G (B before, D after, H merged)
            #expect(report.leads.total == 5)
            #expect(report.leads.bySource.map(\.count) == [3, 1, 1, 0, 0, 0])
            #expect(report.leads.byDistrict.map { "\($0.label)\($0.count)" } == ["未指定区县3", "雨湖区2", "岳塘区1"])
            #expect(report.leads.byDistrict[1].key == yuhu)
            #expect(report.leads.byKind.map { "\($0.label)\($0.count)" } == ["未填3", "仓库1", "厂房1", "工业用地1"])
            #expect(
                report.leads.byWeek.map(\.label) == [
                    "11/01", "11/02–11/08", "11/09–11/15", "11/16–11/22",
                    "11/23–11/29", "11/30",
                ])
            #expect(report.leads.byWeek.map(\.total) == [1, 0, 3, 0, 0, 1])
            #expect(report.leads.repeatInquiries == 2 && report.leads.repeatPeople == 1)

            // funnel as of 1 December: A and G signed (A's landing is in December), E contacted then lost
            #expect(report.funnel.stages.map(\.reached) == [3, 2, 2, 2, 2, 0])
            #expect(report.funnel.stages.map(\.ofPrevious) == [0.6, 0.6667, 1, 1, 1, 0])
            #expect(report.funnel.lost.reasons == [.init(key: "预算不足", label: "预算不足", count: 1)])
            #expect(report.funnel.junk.count == 1 && report.funnel.junk.reasons.first?.label == "空号")

            // speed: 2 h (A), 27 h (E), 1.5 h (G); due A, E, G (the junk was screened, C not yet 24 h old)
            #expect(report.speed.contacted == 3 && report.speed.medianHours == 2 && report.speed.p90Hours == 22)
            #expect(report.speed.due == 3 && report.speed.notContactedWithin24h == 1)
            let wang = try #require(report.agents.first { $0.login == "wang" })
            #expect(wang.assigned == 2 && wang.speed.medianHours == 14.5 && wang.speed.notContactedWithin24h == 1)
            #expect(wang.visits == 1 && wang.signed == 1 && wang.landed == 0)
            let li = try #require(report.agents.first { $0.login == "li" })
            #expect(li.assigned == 1 && li.visits == 0 && li.signed == 1 && li.speed.medianHours == 1.5)

            // pipeline as of 1 December: C new; A, B, G signed; E lost and junk not in the pipeline
            #expect(report.pipeline.stages.map(\.leads) == [1, 0, 0, 0, 0, 3, 0])
            let signed = report.pipeline.stages[5]
            #expect(signed.taxWan == 150 && signed.investmentWan == 7000 && signed.withTax == 2)
            #expect(report.pipeline.total.leads == 4)

            // projects signed in November: G (erased), A (10 亩 of land), B
            #expect(report.projects.map(\.ref) == [g, a, b])
            #expect(report.projects[0].erased && report.projects[0].company == nil)
            let land = report.projects[1]
            #expect(land.land && land.areaMu == 10 && land.investmentPerMuWan == 500 && land.taxPerMuWan == 10)
            #expect(land.signedOn == "2026-11-20" && land.landedOn == nil && land.company == "湘潭甲公司")

            // listings: L2 and L3 active at the end, both new; L1 withdrawn and leased, 50 days on the market
            #expect(report.listings.active == 2)
            #expect(Set(report.listings.activeByKind.map(\.key)) == ["industrial-land", "warehouse"])
            #expect(report.listings.new == 2 && report.listings.leased == 1 && report.listings.sold == 0)
            #expect(report.listings.withdrawn == 1 && report.listings.medianDaysOnMarket == 50)
            #expect(report.listings.views == 50)
            #expect(report.listings.mostViewed.map(\.ref) == [l1, l3])
            #expect(report.listings.mostAsked.map(\.ref) == [l1, l2])
            #expect(report.listings.mostAsked[0].inquiriesPer100Views == 2.5)
            #expect(report.listings.mostAsked[1].inquiriesPer100Views == nil)

            // the same data a day further: December's first day has D, and A's landing is still ahead
            let december = try await database.reports.report(try ReportPeriod("2026-12-01"), now: Self.now)
            #expect(december.leads.total == 1 && december.projects.isEmpty)
            #expect(december.listings.views == 99)

            // the tables carry the figures (the workbook, the CSV and the page are made from them)
            #expect(report.tables.count == 14)
            #expect(report.csv.contains("\r\n签约落地项目\r\n") && report.csv.contains("（已删除）"))
        }
    }

    @Test func anEmptyPeriodHasZerosNotErrors() async throws {
        let config = try await TestDatabase.shared.fresh("report-empty")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            let report = try await database.reports.report(try ReportPeriod("2030"), now: Self.now)
            #expect(report.leads.total == 0 && report.leads.byWeek.count == 53)
            #expect(report.funnel.stages.allSatisfy { $0.reached == 0 && $0.ofPrevious == nil })
            #expect(report.speed.medianHours == nil && report.listings.medianDaysOnMarket == nil)
            #expect(report.period.complete == false)
        }
    }

    @Test func viewsAreCountedInMemoryAndAddedUpAcrossInstances() async throws {
        let config = try await TestDatabase.shared.fresh("views")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            let ref = try await Fixture(database: database, client: client).listing(
                .factory, "雨湖区", created: "2026-11-01 00:00:00", status: .active)
            let browser = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0"
            let day = ISO8601DateFormatter().date(from: "2026-11-30T23:59:59+08:00")!
            let next = day.addingTimeInterval(1)
            let instances = [ListingViewCounter(database: database), ListingViewCounter(database: database)]
            await withTaskGroup(of: Void.self) { group in
                for (index, counter) in instances.enumerated() {
                    group.addTask {
                        for n in 0..<500 {
                            counter.record(
                                ref: n % 2 == 0 ? ref.lowercased() : ref, door: n % 5 == 0 ? .api : .page,
                                userAgent: browser, at: index == 0 ? day : next)
                        }
                        for agent in ["Baiduspider/2.0", "Mozilla/5.0 (compatible; Googlebot/2.1)", "", nil] {
                            counter.record(ref: ref, door: .page, userAgent: agent, at: day)
                        }
                        counter.record(ref: "XT-2026-999999", door: .page, userAgent: browser, at: day)
                    }
                }
            }
            #expect(instances[0].waiting == 501)
            async let first = instances[0].flush()
            async let second = instances[1].flush()
            #expect(try await first + second == 1002)
            #expect(try await instances[0].flush() == 0)
            instances[0].record(ref: ref, door: .page, userAgent: browser, at: day)
            try await instances[0].flush()
            let rows = try await client.query(
                "SELECT day::text, page_views, api_views FROM listing_views ORDER BY day")
            var found: [String] = []
            for try await (day, page, api) in rows.decode((String, Int, Int).self) {
                found.append("\(day) \(page) \(api)")
            }
            #expect(found == ["2026-11-30 401 100", "2026-12-01 400 100"])
        }
    }

    @Test func periodsReadEveryWrittenForm() throws {
        #expect(try ReportPeriod("2026-11").label == "2026年11月")
        #expect(try ReportPeriod("2026-q4").key == "2026-Q4")
        #expect(try ReportPeriod("2026-Q4").lastDay == ReportPeriod("2026-12-31").firstDay)
        #expect(try ReportPeriod("2024").lastDay - ReportPeriod("2024").firstDay == 365)
        #expect(try ReportPeriod("2026-02").lastDay == ReportPeriod("2026-02-28").firstDay)
        #expect(try ReportPeriod("2026-11-01..2026-11-15").label == "2026-11-01 至 2026-11-15")
        #expect(try ReportPeriod("2026-12").next.key == "2027-01")
        #expect(try ReportPeriod("2026-Q1").previous.key == "2025-Q4")
        #expect(try ReportPeriod("2026-11").start == ISO8601DateFormatter().date(from: "2026-10-31T16:00:00Z"))
        for bad in [
            "", "2026-13", "2026-Q5", "1999", "2026-02-30", "2026-11-15..2026-11-01", "2020-01-01..2026-01-01",
            "十一月", "2026-11; DROP TABLE leads",
        ] {
            #expect(throws: ValidationFailed.self) { try ReportPeriod(bad) }
        }
    }
}
