import Foundation
import ParkDeskCore
import ParkDeskNotify
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Which events make which rows, in the event's own transaction: leads, inquiries, assignments, listings
/// published and re-priced (one message for a bulk import), matching alerts once per lead and listing, the
/// daily digest once a day.
@Suite struct EventTests {
    @Test func nothingIsQueuedWithoutAChannelAndAFailedCaptureQueuesNothing() async throws {
        let fixture = try await NotifyFixture.make("notifynone")
        try await fixture.database { database in
            try await NotifyFixture.capture(database, mobile: "13800000001")
            #expect(try await fixture.count("SELECT count(*)::int FROM notify_outbox") == 0)
            try await NotifyFixture.channel(database, "crm", .webhook, url: "http://127.0.0.1:9/x", secret: "k")
            // a capture that fails (unknown listing) leaves no row: the event and its notification go together
            var draft = LeadDraft()
            draft.mobile = "13800000002"
            draft.contactName = "张三"
            draft.listingRef = "XT-2026-999999"
            draft.source = .hotline
            await #expect(throws: ValidationFailed.self) {
                try await database.leads.capture(try draft.validated(), arrival: .init(actor: "t", audited: true))
            }
            #expect(try await fixture.count("SELECT count(*)::int FROM notify_outbox") == 0)
            try await fixture.execute(
                """
                DO $$ BEGIN
                  PERFORM capture_lead('{"mobile":"13800000003","source":"web","created_by":"web"}'::jsonb,
                                       '{"receipt":"00000000-0000-0000-0000-000000000001","source":"web",
                                         "entered_by":"web"}'::jsonb, 30);
                  RAISE EXCEPTION 'rolled back';
                EXCEPTION WHEN raise_exception THEN NULL; END $$
                """)
            #expect(try await fixture.count("SELECT count(*)::int FROM notify_outbox") == 0)
        }
    }

    @Test func anInquiryOnAnOpenLeadAndAnAssignmentAreAnnounced() async throws {
        let office = try await TestReceiver.start()
        let agentHook = try await TestReceiver.start()
        try await NotifyFixture.run("notifylead", demo: true, stopping: [office, agentHook]) { database in
            _ = try await database.tokens.create(name: "agent-li", role: .agent, actor: "test")
            try await NotifyFixture.channel(database, "office", .webhook, url: office.url, secret: "k")
            try await NotifyFixture.channel(
                database, "li", .webhook, url: agentHook.url, secret: "k", agent: "agent-li")
            let first = try await NotifyFixture.capture(database, mobile: "13800000011")
            var again = try NotifyFixture.lead(mobile: "13800000011")
            again.message = "想下周来看 XT-2026-000001"
            again.listingRef = "XT-2026-000001"
            _ = try await database.leads.capture(again, arrival: .init(actor: "web", audited: false))
            _ = try await database.leads.assign(ref: first.ref, to: "agent-li", actor: "boss")
            _ = try await database.leads.assign(ref: first.ref, to: nil, actor: "boss")  // unassigning is no news
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            // a webhook's rows go out side by side: in any order, each once
            #expect(
                office.requests.compactMap { $0.json["event"] as? String }.sorted() == [
                    "lead.assigned", "lead.captured", "lead.inquiry",
                ])
            func text(_ event: String) -> String? {
                office.requests.first { $0.json["event"] as? String == event }?.json["text"] as? String
            }
            let inquiry = try #require(text("lead.inquiry"))
            #expect(inquiry.hasPrefix("新咨询 \(first.ref) (第 2 次咨询) · 400热线"))
            #expect(inquiry.contains("来源房源: XT-2026-000001 · 留言: 想下周来看 XT-2026-000001"))
            let assigned = try #require(text("lead.assigned"))
            #expect(assigned.hasPrefix("线索分配 \(first.ref) → agent-li"))
            // the agent's channel hears only about the agent's lead, from the assignment on
            #expect(agentHook.requests.map { $0.json["event"] as? String } == ["lead.assigned"])
            // one event, one id on every channel
            let assignedID = office.requests.first { $0.json["event"] as? String == "lead.assigned" }?.json["id"]
            #expect(agentHook.eventIDs.first == assignedID as? String)
        }
    }

    @Test func publishingAndRepricingAreAnnouncedAndABulkImportIsOneMessage() async throws {
        let receiver = try await TestReceiver.start()
        let fixture = try await NotifyFixture.make("notifylisting", demo: true)
        try await fixture.database { database in
            try await NotifyFixture.channel(
                database, "office", .wecom, url: receiver.url,
                events: [.listingPublished, .listingRepriced], perMinute: 1000)
            var draft = ListingDraft()
            (draft.kind, draft.deal, draft.district, draft.title) = (.factory, .rent, "湘潭县", "天易单层厂房3600平米出租")
            (draft.buildingArea, draft.priceAmount, draft.priceUnit) = (3600, 14, .yuanPerM2Month)
            let listing = try await database.listings.create(draft, status: .draft, actor: "test")
            #expect(try await fixture.count("SELECT count(*)::int FROM notify_outbox") == 0)  // drafts are quiet
            _ = try await database.listings.changeStatus(ref: listing.ref, to: .active, note: "", actor: "test")
            var patch = ListingDraft()
            patch.priceAmount = 12
            _ = try await database.listings.update(ref: listing.ref, patch: patch, expectedVersion: nil, actor: "test")
            patch = ListingDraft()
            patch.description = "新刷地坪"
            _ = try await database.listings.update(ref: listing.ref, patch: patch, expectedVersion: nil, actor: "test")
            let rows = (1...12).map { n in
                var d = draft
                d.title = "导入厂房\(n)号出租"
                return ImportRow(line: n, draft: .success(d))
            }
            _ = try await database.listings.importListings(rows, skipInvalid: false, actor: "test")
            let worker = NotifyFixture.worker(database)
            for _ in 0..<4 { try await worker.deliverDue() }
            let texts = receiver.requests.compactMap {
                ($0.json["markdown"] as? [String: Any])?["content"] as? String
            }.joined(separator: "\n")
            #expect(texts.contains("房源上架 \(listing.ref)"))
            #expect(texts.contains("调价: 14 元/㎡/月 → 12 元/㎡/月"))
            #expect(texts.contains("房源上架 12 套"))
            #expect(receiver.eventIDs.count == 3)  // published, re-priced, the import; the description edit is quiet
        }
        receiver.stop()
    }

    @Test func aListingThatFitsOpenLeadsAlertsEachLeadOnce() async throws {
        let office = try await TestReceiver.start()
        let agentHook = try await TestReceiver.start()
        let fixture = try await NotifyFixture.make("notifymatch", demo: true)
        try await fixture.database { database in
            _ = try await database.tokens.create(name: "agent-wang", role: .agent, actor: "test")
            try await NotifyFixture.channel(
                database, "office", .webhook, url: office.url, secret: "k", events: [.listingMatched])
            try await NotifyFixture.channel(
                database, "wang", .webhook, url: agentHook.url, secret: "k", events: [.listingMatched],
                agent: "agent-wang")
            let unassigned = try await NotifyFixture.capture(database, mobile: "13800000021")
            let assigned = try await NotifyFixture.capture(database, mobile: "13800000022")
            _ = try await database.leads.assign(ref: assigned.ref, to: "agent-wang", actor: "boss")
            var other = try NotifyFixture.lead(mobile: "13800000023")
            other.kinds = [.warehouse]  // does not fit
            _ = try await database.leads.capture(other, arrival: .init(actor: "t", audited: true))
            var draft = ListingDraft()
            (draft.kind, draft.deal, draft.district, draft.title) = (.factory, .rent, "湘潭县", "易俗河单层厂房4000平米出租")
            (draft.buildingArea, draft.priceAmount, draft.priceUnit, draft.craneTons) = (4000, 12, .yuanPerM2Month, 16)
            let listing = try await database.listings.create(draft, status: .active, actor: "test")
            let worker = NotifyFixture.worker(database)
            try await NotifyFixture.drain(worker, database)
            #expect(office.requests.count == 1 && agentHook.requests.count == 1)
            let officeText = try #require(office.requests.first?.json["text"] as? String)
            #expect(officeText.hasPrefix("新房源匹配 1 条线索 \(listing.ref)"))
            #expect(
                officeText.contains(
                    "\(unassigned.ref) 匹配度 95: 类型相符 厂房、交易方式相符 出租、面积 4000㎡ 在需求范围内、位于意向区域 湘潭县、行车 16 吨 ≥ 10 吨"))
            let agentText = try #require(agentHook.requests.first?.json["text"] as? String)
            #expect(agentText.contains(assigned.ref) && !agentText.contains(unassigned.ref))
            // a new price matches again, but nobody hears of the same listing twice
            var patch = ListingDraft()
            patch.priceAmount = 11
            _ = try await database.listings.update(ref: listing.ref, patch: patch, expectedVersion: nil, actor: "t")
            try await NotifyFixture.drain(worker, database)
            #expect(office.requests.count == 1 && agentHook.requests.count == 1)
            #expect(try await fixture.count("SELECT count(*)::int FROM lead_listing_alerts") == 2)
            // a matching job run twice (a lease that ran out) tells nobody twice either
            try await fixture.execute(
                """
                INSERT INTO notify_outbox (event_id, event, listing_id)
                SELECT gen_random_uuid(), 'listing.matched', id FROM listings WHERE title = '易俗河单层厂房4000平米出租'
                """)
            try await NotifyFixture.drain(worker, database)
            #expect(office.requests.count == 1 && agentHook.requests.count == 1)
            // a new lead that fits hears of it when the listing changes next
            try await NotifyFixture.capture(database, mobile: "13800000024")
            patch.priceAmount = 10
            _ = try await database.listings.update(ref: listing.ref, patch: patch, expectedVersion: nil, actor: "t")
            try await NotifyFixture.drain(worker, database)
            #expect(office.requests.count == 2)
        }
        office.stop()
        agentHook.stop()
    }

    /// Issue 29: a listing matching leads of two agents who have no channel of their own made two messages to the
    /// office; it is one message naming all of them.
    @Test func leadsWhoseAgentsHaveNoChannelGoToTheOfficeInOneMessage() async throws {
        let office = try await TestReceiver.start()
        try await NotifyFixture.run("notifymatchone", demo: true, stopping: [office]) { database in
            for agent in ["agent-a", "agent-b"] {
                _ = try await database.tokens.create(name: agent, role: .agent, actor: "test")
            }
            try await NotifyFixture.channel(
                database, "office", .webhook, url: office.url, secret: "k", events: [.listingMatched])
            var refs: [String] = []
            for (n, agent) in [(1, "agent-a"), (2, "agent-b"), (3, nil)] as [(Int, String?)] {
                let lead = try await NotifyFixture.capture(database, mobile: "1380000004\(n)")
                if let agent { _ = try await database.leads.assign(ref: lead.ref, to: agent, actor: "boss") }
                refs.append(lead.ref)
            }
            var draft = ListingDraft()
            (draft.kind, draft.deal, draft.district, draft.title) = (.factory, .rent, "湘潭县", "易俗河单层厂房4000平米出租")
            (draft.buildingArea, draft.priceAmount, draft.priceUnit, draft.craneTons) = (4000, 12, .yuanPerM2Month, 16)
            _ = try await database.listings.create(draft, status: .active, actor: "test")
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            #expect(office.requests.count == 1)
            let text = try #require(office.requests.first?.json["text"] as? String)
            #expect(text.hasPrefix("新房源匹配 3 条线索"), "\(text)")
            for ref in refs { #expect(text.contains(ref)) }
        }
    }

    @Test func theDailyDigestIsQueuedOnceADayWithItsFigures() async throws {
        let receiver = try await TestReceiver.start()
        let fixture = try await NotifyFixture.make("notifydigest", demo: true)
        try await fixture.database { database in
            try await NotifyFixture.channel(
                database, "office", .webhook, url: receiver.url, secret: "k", events: [.dailyDigest])
            _ = try await database.tokens.create(name: "agent-zhao", role: .agent, actor: "test")
            let old = try await NotifyFixture.capture(database, mobile: "13800000031")
            _ = try await database.leads.assign(ref: old.ref, to: "agent-zhao", actor: "boss")
            try await NotifyFixture.capture(database, mobile: "13800000032")
            try await fixture.execute(
                "UPDATE leads SET updated_at = now() - interval '5 days' WHERE mobile IN ('13800000031', '13800000032')"
            )
            try await fixture.execute(
                "UPDATE listings SET updated_at = now() - interval '176 days' WHERE ref = 'XT-2026-000002'")
            // past their day: housekeeping's to expire, not "within 7 days" (issue 29 counted 211 such)
            try await fixture.execute(
                """
                UPDATE listings SET updated_at = now() - interval '400 days'
                WHERE ref IN ('XT-2026-000003', 'XT-2026-000004')
                """)
            let store = database.notifications
            #expect(try await store.queueDigestIfDue(hour: 0, staleDays: 3, expireDays: 180))
            #expect(try await store.queueDigestIfDue(hour: 0, staleDays: 3, expireDays: 180) == false)
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            #expect(receiver.requests.count == 1)
            let text = try #require(receiver.requests.first?.json["text"] as? String)
            #expect(text.hasPrefix("每日简报 "))
            #expect(text.contains("近 24 小时新线索 2 条 (400热线 2)"))
            #expect(text.contains("超过 3 天未跟进 2 条: 新线索·未分配 1、新线索·agent-zhao 1"))
            #expect(text.contains("7 天内将到期房源 1 套: XT-2026-000002"))
            // before the hour, nothing; a day that has had one, nothing
            #expect(try await store.queueDigestIfDue(hour: 24, staleDays: 3, expireDays: 180) == false)
        }
        receiver.stop()
    }
}
