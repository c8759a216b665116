import Foundation
@testable import ParkDeskCore
@testable import ParkDeskNotify
import Testing

/// The words of notifications, the back-off, and the rules for channels.
@Suite struct NotificationMessageTests {
    static func issueLead() -> NotificationSubject.LeadFacts {
        var lead = NotificationSubject.LeadFacts(ref: "LD-2026-000123")
        lead.source = .web
        lead.kinds = [.factory]
        lead.deal = .rent
        (lead.minArea, lead.maxArea) = ("3000.00", "5000.00")
        lead.districts = ["湘潭县"]
        lead.minCraneTons = "10.0"
        lead.intendedUse = "工程机械"
        lead.expectedTax = "300.00"
        lead.contactName = "王经理"
        lead.mobile = "13812345678"
        lead.listingRef = "XT-2026-000045"
        return lead
    }

    @Test func aNewLeadReadsAsTheIssueWroteIt() {
        let message = NotificationMessage.render(
            .leadCaptured, subject: .init(lead: Self.issueLead()), detail: .init(), fullMobile: false, site: "https://x"
        )
        #expect(
            message.plainText
                == "新线索 LD-2026-000123 · 网站表单 · 需求: 厂房 出租 3000–5000㎡ 湘潭县 行车≥10吨 · 用途: 工程机械 · "
                + "税收: 300万元/年 · 联系人: 王经理 138****5678 · 来源房源: XT-2026-000045"
                + " · https://x/staff/leads/LD-2026-000123")
        let full = NotificationMessage.render(
            .leadCaptured, subject: .init(lead: Self.issueLead()), detail: .init(), fullMobile: true, site: "")
        #expect(full.plainText.contains("王经理 13812345678"))
        #expect(message.markdown(limitBytes: 4096).hasPrefix("**新线索 LD-2026-000123**\n> 网站表单\n> 需求: 厂房"))
    }

    /// Issue 29: "留言: …电话138 1234 5678" reached group chats verbatim. Every kind of number in every free-text
    /// field is masked like the contact line, unless the channel has `--full-mobile`.
    @Test(arguments: [
        ("电话138 1234 5678", "13812345678", "138****5678"), ("手机+86-139-1234-5678", "13912345678", "139****5678"),
        ("１３７１２３４５６７８", "13712345678", "137****5678"), ("座机0731-5823 4567", "0731-5823 4567", "****4567"),
        ("邮箱 wang.li@example.cn", "wang.li@example.cn", "w***@example.cn"),
        ("信用代码91430300MA4LXT0Q13", "91430300MA4LXT0Q13", "91************0Q13"),
        ("微信：wangzong_88", "wangzong_88", "w***"),
    ])
    func numbersInFreeTextAreMasked(written: String, number: String, masked: String) {
        var lead = Self.issueLead()
        lead.needText = "要厂房，" + written + "，尽快"
        lead.company = "湘潭某公司（" + written + "）"
        lead.intendedUse = "机械 " + written
        lead.contactName = "王总 " + written
        let inquiry = NotificationSubject.LeadFacts.Inquiry(source: .web, message: "想看房 " + written, listingRef: nil)
        for (event, subject) in [
            (NotificationEvent.leadCaptured, NotificationSubject(lead: lead)),
            (
                .leadInquiry,
                NotificationSubject(
                    lead: {
                        var l = lead; l.inquiry = inquiry; return l
                    }())
            ),
        ] {
            let text = NotificationMessage.render(event, subject: subject, detail: .init(), fullMobile: false, site: "")
                .plainText
            #expect(!text.contains(number) && !text.contains(written), "\(text)")
            #expect(text.contains(masked), "\(text)")
            let full = NotificationMessage.render(event, subject: subject, detail: .init(), fullMobile: true, site: "")
            #expect(full.plainText.contains(written))
        }
    }

    @Test func plainWordsAndFiguresAreLeftAlone() {
        let text = "3000平厂房，行车16吨，年税收300万，2026-12-01看房，XT-2026-000045，热线400 0123 021"
        #expect(FreeTextMasking.masked(text) == text)
    }

    @Test func anErasedLeadNamesNobody() {
        var lead = NotificationSubject.LeadFacts(ref: "LD-2026-000001")
        lead.erased = true
        lead.kinds = [.warehouse]
        let text = NotificationMessage.render(
            .leadCaptured, subject: .init(lead: lead), detail: .init(), fullMobile: true, site: ""
        ).plainText
        #expect(text == "新线索 LD-2026-000001 · 需求: 仓库 · 联系人: (个人信息已删除) · /staff/leads/LD-2026-000001")
        let gone = NotificationMessage.render(
            .leadInquiry, subject: .init(), detail: .init(), fullMobile: false, site: "")
        #expect(gone.plainText == "新咨询 · (线索已删除)")
    }

    @Test func areaBoundsAndBudgetsReadNaturally() {
        var lead = NotificationSubject.LeadFacts(ref: "LD-2026-000002")
        (lead.minArea, lead.budget, lead.budgetUnit, lead.moveIn) = ("66.67", "12.50", .yuanPerM2Month, "2027-03-01")
        #expect(NotificationMessage.needSummary(lead) == "≥66.67㎡ 预算 12.5 元/㎡/月 2027-03-01 入驻")
        (lead.minArea, lead.maxArea) = (nil, "800")
        #expect(NotificationMessage.needSummary(lead).hasPrefix("≤800㎡"))
        (lead.minArea, lead.maxArea) = ("800", "800")
        #expect(NotificationMessage.needSummary(lead).hasPrefix("800㎡ "))
    }

    @Test func listingMessagesCarryPriceChangesMatchesAndCounts() {
        var listing = NotificationSubject.ListingFacts(ref: "XT-2026-000045", title: "易俗河重工厂房4000平米出租")
        (listing.kind, listing.deal, listing.area, listing.craneTons) = (.factory, .rent, "4000.00", "16.0")
        (listing.district, listing.park, listing.priceAmount, listing.priceUnit) =
            ("湘潭县", "湘潭天易经开区", "12.00", .yuanPerM2Month)
        var detail = NotificationDetail()
        (detail.oldAmount, detail.oldUnit) = ("15.00", .yuanPerM2Month)
        let repriced = NotificationMessage.render(
            .listingRepriced, subject: .init(listing: listing), detail: detail, fullMobile: false,
            site: "https://zs.example.cn/")
        #expect(
            repriced.plainText
                == "房源调价 XT-2026-000045 · 易俗河重工厂房4000平米出租 · 调价: 15 元/㎡/月 → 12 元/㎡/月 · "
                + "厂房 出租 4000㎡ 行车16吨 · 位置: 湘潭县 湘潭天易经开区 · 价格: 12 元/㎡/月 · "
                + "https://zs.example.cn/listings/XT-2026-000045")
        var matched = NotificationDetail()
        matched.leads = [.init(ref: "LD-2026-000001", score: 85, reasons: ["类型相符 厂房", "位于意向区域 湘潭县"])]
        let match = NotificationMessage.render(
            .listingMatched, subject: .init(listing: listing), detail: matched, fullMobile: false, site: "")
        #expect(match.title == "新房源匹配 1 条线索 XT-2026-000045")
        #expect(match.lines.last == "LD-2026-000001 匹配度 85: 类型相符 厂房、位于意向区域 湘潭县")
        var bulk = NotificationDetail()
        (bulk.count, bulk.refs) = (36, ["XT-2026-000001", "XT-2026-000002"])
        let imported = NotificationMessage.render(
            .listingPublished, subject: .init(), detail: bulk, fullMobile: false, site: "")
        #expect(imported.plainText == "房源上架 36 套 · 房源: XT-2026-000001、XT-2026-000002 等 · /listings")
    }

    @Test func theDigestCountsByStatusAndAgent() {
        var detail = NotificationDetail()
        detail.digest = .init(
            day: "2026-12-01", newLeads: 3, newBySource: ["web": 2, "hotline": 1], staleDays: 3,
            stale: [.init(status: .new, assignee: nil, count: 2), .init(status: .contacted, assignee: "li", count: 1)],
            expiring: 12, expiringRefs: ["XT-2026-000001"])
        #expect(
            NotificationMessage.render(.dailyDigest, subject: .init(), detail: detail, fullMobile: false, site: "")
                .plainText
                == "每日简报 2026-12-01 · 近 24 小时新线索 3 条 (网站表单 2、400热线 1) · 超过 3 天未跟进 3 条: "
                + "新线索·未分配 2、已联系·li 1 · 7 天内将到期房源 12 套: XT-2026-000001 等")
    }

    @Test func markdownIsCutOnACharacterBoundaryWithinTheByteLimit() {
        let message = NotificationMessage(title: "测试", lines: [String(repeating: "厂房🏭", count: 2000)])
        let cut = message.markdown(limitBytes: 4096)
        #expect(cut.utf8.count <= 4096)
        #expect(cut.hasSuffix("…"))
        #expect(String(decoding: Array(cut.utf8), as: UTF8.self) == cut)
        #expect(NotificationMessage.cut("短", toBytes: 10) == "短")
        let combined = NotificationMessage.combined([message, NotificationMessage(title: "二", lines: ["x"])])
        #expect(combined.title == "2 条通知" && combined.lines.last == "二 · x")
        #expect(NotificationMessage(title: "新线索", lines: []).withKeyword("招商").title == "【招商】新线索")
        #expect(NotificationMessage(title: "招商新线索", lines: []).withKeyword("招商").title == "招商新线索")
    }

    @Test func retriesBackOffExponentiallyWithJitterUpToTheCap() {
        let retry = DeliveryRetry(base: .seconds(5), cap: .seconds(3600), maxAge: .seconds(86_400))
        #expect(retry.delay(afterAttempt: 1, random: 0) == .milliseconds(2500))
        #expect(retry.delay(afterAttempt: 1, random: 1) == .seconds(5))
        #expect(retry.delay(afterAttempt: 4, random: 1) == .seconds(40))
        #expect(retry.delay(afterAttempt: 40, random: 1) == .seconds(3600))
        #expect(retry.delay(afterAttempt: 40, random: 0.5) == .seconds(2700))
    }

    @Test func channelsAreCheckedFieldByField() throws {
        let good = NotificationChannelDraft(
            name: "office", kind: .wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc")
        #expect(try good.validated().perMinute == 20)
        func fields(_ draft: NotificationChannelDraft) -> [String] {
            do {
                _ = try draft.validated()
                return []
            } catch { return error.errors.map(\.field) }
        }
        #expect(fields(.init(name: "办公室", kind: .wecom, url: good.url)) == ["name"])
        #expect(fields(.init(name: "a", kind: .dingtalk, url: "http://oapi.dingtalk.com/robot/send")) == ["url"])
        #expect(fields(.init(name: "a", kind: .dingtalk, url: "ftp://x")) == ["url"])
        #expect(fields(.init(name: "a", kind: .webhook, url: "http://10.0.0.5/hook")) == ["secret"])
        #expect(fields(.init(name: "a", kind: .wecom, url: good.url, secret: "x")) == ["secret"])
        #expect(fields(.init(name: "a", kind: .feishu, url: "http://127.0.0.1:9/x", perMinute: 0)) == ["perMinute"])
        let channel = NotificationChannel(
            id: 1, name: "office", kind: .wecom, url: good.url, secret: nil, keyword: nil, events: [], agent: nil,
            fullMobile: false, perMinute: 20, enabled: true)
        #expect(!channel.maskedURL.contains("abc"))
        var feishu = channel
        (feishu.kind, feishu.url) = (.feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a-6978")
        #expect(feishu.maskedURL == "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e***")
    }
}
