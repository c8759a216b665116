import Foundation
import Testing
import ParkDeskCore

/// The lead rules that need no database: numbers, codes, the pipeline, masking and matching.
@Suite struct LeadRuleTests {
    @Test(arguments: [
        ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"), ("+8613812345678", "13812345678"), ("0086 138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"), ("１３８１２３４５６７８", "13812345678"), (" 19912345678 ", "19912345678"),
    ])
    func mobilesAreAcceptedAsPeopleWriteThem(text: String, digits: String) {
        #expect(MobileNumber.normalise(text) == digits)
    }

    @Test(arguments: [
        "", "1381234567", "138123456789", "12812345678", "23812345678", "138.1234.5678", "(138)12345678",
        "+1 4155550100", "+86 +86 13812345678", "138 1234 567８a", "tel:13812345678",
    ])
    func otherNumbersAreRefused(text: String) {
        #expect(MobileNumber.normalise(text) == nil)
    }

    @Test func mobilesAreMaskedAndGrouped() {
        #expect(MobileNumber.masked("13812345678") == "138****5678")
        #expect(MobileNumber.grouped("13812345678") == "138 1234 5678")
    }

    @Test func creditCodesNeedTheirCheckCharacter() throws {
        #expect(try CreditCode.validate("91350100M000100Y43").get() == "91350100M000100Y43")
        #expect(try CreditCode.validate(" 91430300ma4lxt0q12 ").get() == "91430300MA4LXT0Q12")
        for (code, hint) in [
            ("91350100M000100Y44", "check character"), ("91350100M000100Y4", "18 characters"),
            ("91350100M0001O0Y43", "cannot appear"), ("91AB0100M000100Y43", "region code"),
        ] {
            guard case .failure(let error) = CreditCode.validate(code) else {
                Issue.record("\(code) accepted"); continue
            }
            #expect(error.field == "creditCode")
            #expect(error.message.contains(hint), "\(code): \(error.message)")
        }
    }

    @Test func thePipelineMovesForwardOrEndsWithAReason() throws {
        #expect(try LeadStatus.new.validateChange(to: .contacted, reason: nil) == nil)
        #expect(try LeadStatus.visiting.validateChange(to: .qualified, reason: " 再看看 ") == "再看看")
        #expect(throws: ValidationFailed.self) { try LeadStatus.new.validateChange(to: .signed, reason: nil) }
        #expect(throws: ValidationFailed("reason", "is required when a lead becomes junk (无效)")) {
            try LeadStatus.new.validateChange(to: .junk, reason: "  ")
        }
        #expect(LeadStatus.landed.next.isEmpty)
        #expect(
            LeadStatus.allCases.filter(\.isOpen) == [.new, .contacted, .qualified, .visiting, .negotiating, .signed])
    }

    @Test func aDraftReportsEveryWrongFieldAtOnce() {
        var draft = LeadDraft()
        draft.source = .web
        draft.mobile = "12345"
        draft.expectedTax = -1
        draft.minArea = 500
        draft.maxArea = 100
        draft.budget = 10
        draft.email = "a@b"
        draft.listingRef = "nope"
        draft.contactName = String(repeating: "名", count: 61)
        do {
            _ = try draft.validated()
            Issue.record("an invalid draft passed")
        } catch {
            #expect(
                Set(error.fields) == [
                    "mobile", "expectedTax", "maxArea", "budgetUnit", "email", "listingRef", "contactName",
                    "consentVersion",
                ])
        }
    }

    @Test func landInMuBecomesSquareMetresAndTextIsNormalised() throws {
        var draft = LeadDraft()
        draft.source = .hotline
        draft.contactName = " Jose\u{301} 李 "
        draft.mobile = "13812345678"
        draft.minArea = 30
        draft.areaInMu = true
        draft.kinds = [.industrialLand, .industrialLand]
        let lead = try draft.validated()
        #expect(lead.minArea == Decimal(string: "20000.1"))
        #expect(lead.contactName == "José 李")
        #expect(lead.kinds == [.industrialLand])
    }

    @Test func agentsSeeContactsOnlyOfTheirOwnLeads() throws {
        let lead = Lead(
            id: 1, ref: "LD-2026-000001", status: .new, statusReason: nil,
            fields: ValidLead(
                mobile: "13812345678", landline: "0731-5555 1234", wechat: "wang88",
                email: "wang@example.cn", source: .hotline),
            consentAt: nil, assigneeID: 7, assignee: "zhang.wei", mergedInto: nil, erasedAt: nil, createdBy: "t",
            createdAt: Date(), updatedAt: Date(), lastInquiryAt: Date(), inquiryCount: 1, version: 1, scopeParkIDs: [3])
        let admin = StaffMember(id: 1, login: "office", displayName: "办公室", role: .admin)
        #expect(lead.seen(by: admin).fields.mobile == "13812345678")
        #expect(
            lead.seen(by: StaffMember(id: 7, login: "a", displayName: "甲", role: .agent)).fields.mobile == "13812345678"
        )
        #expect(
            lead.seen(by: StaffMember(id: 5, login: "p", displayName: "园", role: .park, parkIDs: [3])).fields.mobile
                == "13812345678")
        #expect(
            lead.seen(by: StaffMember(id: 6, login: "q", displayName: "园", role: .park, parkIDs: [4])).fields.mobile
                == "138****5678")
        let masked = lead.seen(by: StaffMember(id: 8, login: "b", displayName: "乙", role: .agent)).fields
        #expect(masked.mobile == "138****5678")
        #expect(masked.landline == "****1234")
        #expect(masked.wechat == "w***")
        #expect(masked.email == "w***@example.cn")
    }

    @Test func matchesScoreFitAndSayWhy() {
        let need = ValidLead(
            kinds: [.factory], deal: .rent, minArea: 3000, maxArea: 5000, budget: 15, budgetUnit: .yuanPerM2Month,
            districts: ["湘潭县"], minCraneTons: 10, source: .hotline)
        let perfect = MatchCandidate(
            ref: "XT-2026-000001", title: "易俗河重工厂房", kind: .factory, deal: .rent, district: "湘潭县",
            park: nil, area: 4000, craneTons: 16, monthlyPerM2: 12, totalWan: nil)
        var elsewhere = perfect
        elsewhere.ref = "XT-2026-000002"
        elsewhere.district = "雨湖区"
        elsewhere.area = 5500
        elsewhere.monthlyPerM2 = 16
        let ranked = ListingMatch.rank(need: need, candidates: [elsewhere, perfect], limit: 10)
        #expect(ranked.map(\.candidate.ref) == ["XT-2026-000001", "XT-2026-000002"])
        #expect(ranked[0].score == 100)
        #expect(ranked[0].reasons.contains("位于意向区域 湘潭县"))
        #expect(ranked[1].score == 20 + 10 + 10 + 15 + 5)
        #expect(ranked[1].reasons.contains { $0.contains("略超预算") })
    }
}
