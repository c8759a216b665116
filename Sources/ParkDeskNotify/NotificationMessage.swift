import Foundation
public import ParkDeskCore

/// A notification's words, in Chinese: a title and lines of "标签: 内容", written out as one line of plain text
/// (`新线索 LD-2026-000123 · 网站表单 · 需求: 厂房 出租 3000–5000㎡ …`) or as group-robot markdown.
public struct NotificationMessage: Sendable, Equatable {
    public var title: String
    public var lines: [String]
    /// The page staff or visitors open for more, when there is one.
    public var link: String?

    public init(title: String, lines: [String], link: String? = nil) {
        (self.title, self.lines, self.link) = (title, lines, link)
    }

    /// Everything on one line, parts joined by " · ".
    public var plainText: String { ([title] + lines).joined(separator: " · ") + (link.map { " · \($0)" } ?? "") }

    /// Title in bold, one quoted line per part, the link last; cut to `limitBytes` of UTF-8 on a character
    /// boundary (WeCom takes 4,096 bytes).
    public func markdown(limitBytes: Int) -> String {
        var text = "**\(title)**\n" + lines.map { "> \($0)" }.joined(separator: "\n")
        if let link { text += "\n[查看详情](\(link))" }
        return Self.cut(text, toBytes: limitBytes)
    }

    /// Several messages for one channel sent as one (the platforms take 20 a minute): "3 条通知", one line each;
    /// `compact` keeps the title and the first two parts of each (a burst: more of them fit one message).
    public static func combined(_ messages: [NotificationMessage], compact: Bool = false) -> NotificationMessage {
        guard messages.count > 1 else { return messages.first ?? NotificationMessage(title: "通知", lines: []) }
        return NotificationMessage(
            title: "\(messages.count) 条通知", lines: messages.map { compact ? $0.summary : $0.plainText })
    }

    /// The title and the first two parts: "新线索 LD-2026-000123 · 网站表单 · 需求: 厂房 出租 3000–5000㎡ 湘潭县".
    public var summary: String { ([title] + lines.prefix(2)).joined(separator: " · ") }

    /// `text` shortened to at most `bytes` bytes of UTF-8, ending in "…" when cut.
    public static func cut(_ text: String, toBytes bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        var result = ""
        var used = 0
        let budget = bytes - "…".utf8.count
        for character in text {
            let size = character.utf8.count
            if used + size > budget { break }
            result.append(character)
            used += size
        }
        return result + "…"
    }

    /// A channel's keyword at the front of the title when the message lacks it (robots may refuse messages
    /// without their keyword).
    public func withKeyword(_ keyword: String?) -> NotificationMessage {
        guard let keyword, !plainText.contains(keyword) else { return self }
        var message = self
        message.title = "【\(keyword)】" + title
        return message
    }
}

extension NotificationMessage {
    /// The message for an outbox row: its event, what the live rows say, what the row recorded. `fullMobile`
    /// shows the whole mobile number (masked `138****5678` otherwise); `site` is the public website's address.
    public static func render(
        _ event: NotificationEvent, subject: NotificationSubject, detail: NotificationDetail, fullMobile: Bool,
        site: String
    ) -> NotificationMessage {
        let site = site.hasSuffix("/") ? String(site.dropLast()) : site
        switch event {
        case .leadCaptured, .leadInquiry, .leadAssigned:
            guard let lead = subject.lead else { return NotificationMessage(title: event.label, lines: ["(线索已删除)"]) }
            return leadMessage(event, lead, assignee: detail.assignee, fullMobile: fullMobile, site: site)
        case .listingPublished, .listingRepriced:
            if let count = detail.count {
                let refs = (detail.refs ?? []).joined(separator: "、")
                return NotificationMessage(
                    title: "\(event.label) \(count) 套",
                    lines: ["房源: \(refs)\(count > (detail.refs?.count ?? 0) ? " 等" : "")"],
                    link: "\(site)/listings")
            }
            guard let listing = subject.listing else {
                return NotificationMessage(title: event.label, lines: ["(房源已删除)"])
            }
            var message = listingMessage(event.label, listing, site: site)
            if event == .listingRepriced, let unit = detail.oldUnit {
                let old = unit.display(detail.oldAmount.flatMap(DecimalText.parse))
                message.lines.insert("调价: \(old) → \(price(listing))", at: 1)
            }
            return message
        case .listingMatched:
            let leads = detail.leads ?? []
            guard let listing = subject.listing else {
                return NotificationMessage(title: "新房源匹配 \(leads.count) 条线索", lines: [])
            }
            var message = listingMessage("新房源匹配 \(leads.count) 条线索", listing, site: site)
            message.lines += leads.map { "\($0.ref) 匹配度 \($0.score): \($0.reasons.joined(separator: "、"))" }
            return message
        case .dailyDigest:
            return digestMessage(detail.digest)
        case .test:
            return NotificationMessage(
                title: "测试消息", lines: ["来自 ParkDesk 的测试通知", "渠道: \(detail.channel ?? "-")"])
        }
    }

    /// A lead's message links to its page in the staff console: opened from the group chat on a phone, it asks
    /// for sign-in when needed and lands on the lead.
    static func leadMessage(
        _ event: NotificationEvent, _ lead: NotificationSubject.LeadFacts, assignee: String?, fullMobile: Bool,
        site: String
    )
        -> NotificationMessage
    {
        var title = "\(event.label) \(lead.ref)"
        if event == .leadInquiry, let count = lead.inquiries { title += " (第 \(count) 次咨询)" }
        if event == .leadAssigned, let assignee = assignee ?? lead.assignee { title += " → \(assignee)" }
        var lines: [String] = []
        if let source = (event == .leadInquiry ? lead.inquiry?.source : nil) ?? lead.source {
            lines.append(source.label)
        }
        // what people wrote may hold numbers and addresses: masked like the contact line unless the channel may
        // see them
        let free: (String) -> String = { fullMobile ? $0 : FreeTextMasking.masked($0) }
        let need = needSummary(lead)
        if !need.isEmpty { lines.append("需求: \(need)") }
        if let use = lead.intendedUse { lines.append("用途: \(free(use))") }
        if let tax = lead.expectedTax { lines.append("税收: \(trimmed(tax))万元/年") }
        if let investment = lead.investment { lines.append("投资: \(trimmed(investment))万元") }
        if let company = lead.company { lines.append("公司: \(free(company))") }
        if lead.erased == true {
            lines.append("联系人: (个人信息已删除)")
        } else {
            let mobile = lead.mobile.map { fullMobile ? $0 : MobileNumber.masked($0) }
            let contact = [lead.contactName.map(free), mobile].compactMap { $0 }.joined(separator: " ")
            if !contact.isEmpty { lines.append("联系人: \(contact)") }
        }
        let listingRef = (event == .leadInquiry ? lead.inquiry?.listingRef : nil) ?? lead.listingRef
        if let listingRef { lines.append("来源房源: \(listingRef)") }
        let words = event == .leadInquiry ? lead.inquiry?.message : lead.needText
        if let words, !words.isEmpty { lines.append("留言: \(cut(free(words), toBytes: 600))") }
        return NotificationMessage(title: title, lines: lines, link: "\(site)/staff/leads/\(lead.ref)")
    }

    /// "厂房 出租 3000–5000㎡ 湘潭县 行车≥10吨".
    static func needSummary(_ lead: NotificationSubject.LeadFacts) -> String {
        var parts: [String] = []
        if let kinds = lead.kinds, !kinds.isEmpty { parts.append(kinds.map(\.label).joined(separator: "/")) }
        if let deal = lead.deal { parts.append(deal.label) }
        switch (lead.minArea.map(trimmed), lead.maxArea.map(trimmed)) {
        case (let low?, let high?): parts.append(low == high ? "\(low)㎡" : "\(low)–\(high)㎡")
        case (let low?, nil): parts.append("≥\(low)㎡")
        case (nil, let high?): parts.append("≤\(high)㎡")
        case (nil, nil): break
        }
        parts += lead.districts ?? []
        parts += lead.parks ?? []
        if let crane = lead.minCraneTons { parts.append("行车≥\(trimmed(crane))吨") }
        if let budget = lead.budget, let unit = lead.budgetUnit { parts.append("预算 \(trimmed(budget)) \(unit.label)") }
        if let moveIn = lead.moveIn { parts.append("\(moveIn) 入驻") }
        return parts.joined(separator: " ")
    }

    static func listingMessage(
        _ title: String, _ listing: NotificationSubject.ListingFacts, site: String
    )
        -> NotificationMessage
    {
        var facts = [listing.kind?.label, listing.deal?.label, listing.area.map { "\(trimmed($0))㎡" }]
            .compactMap { $0 }
        if let crane = listing.craneTons { facts.append("行车\(trimmed(crane))吨") }
        let place = [listing.district, listing.park == listing.district ? nil : listing.park].compactMap { $0 }
            .joined(separator: " ")
        var lines = [listing.title, facts.joined(separator: " ")]
        if !place.isEmpty { lines.append("位置: \(place)") }
        lines.append("价格: \(price(listing))")
        return NotificationMessage(
            title: "\(title) \(listing.ref)", lines: lines, link: "\(site)/listings/\(listing.ref)")
    }

    static func price(_ listing: NotificationSubject.ListingFacts) -> String {
        (listing.priceUnit ?? .negotiable).display(listing.priceAmount.flatMap(DecimalText.parse))
    }

    static func digestMessage(_ digest: NotificationDetail.Digest?) -> NotificationMessage {
        guard let digest else { return NotificationMessage(title: "每日简报", lines: []) }
        var lines: [String] = []
        let sources = digest.newBySource.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            .map { "\(LeadSource(rawValue: $0.key)?.label ?? $0.key) \($0.value)" }
        lines.append(
            "近 24 小时新线索 \(digest.newLeads) 条" + (sources.isEmpty ? "" : " (\(sources.joined(separator: "、")))"))
        if digest.stale.isEmpty {
            lines.append("无超过 \(digest.staleDays) 天未跟进的线索")
        } else {
            let total = digest.stale.reduce(0) { $0 + $1.count }
            let groups = digest.stale.map { "\($0.status.label)·\($0.assignee ?? "未分配") \($0.count)" }
            lines.append("超过 \(digest.staleDays) 天未跟进 \(total) 条: \(groups.joined(separator: "、"))")
        }
        if digest.expiring > 0 {
            let more = digest.expiring > digest.expiringRefs.count ? " 等" : ""
            lines.append("7 天内将到期房源 \(digest.expiring) 套: \(digest.expiringRefs.joined(separator: "、"))\(more)")
        }
        return NotificationMessage(title: "每日简报 \(digest.day)", lines: lines)
    }

    /// "3000.00" → "3000", "12.50" → "12.5".
    static func trimmed(_ number: String) -> String {
        guard number.contains(".") else { return number }
        var text = number
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
