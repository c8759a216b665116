import Foundation
import ParkDeskCore

/// Leads as people read them in a terminal: Chinese labels, one field per line.
enum LeadText {
    static func detail(_ detail: LeadDetail) -> String {
        let lead = detail.lead
        let f = lead.fields
        let area = [f.minArea, f.maxArea].map { $0.map { "\($0)" } ?? "" }.joined(separator: "–")
        let lines: [(String, String?)] = [
            ("编号 ref", lead.ref),
            (
                "状态 status",
                "\(lead.status.label) (\(lead.status.rawValue))" + (lead.statusReason.map { " — \($0)" } ?? "")
            ),
            ("来源 source", f.source.label + (f.campaign.map { " · \($0)" } ?? "")),
            ("联系人 contact", f.contactName),
            ("手机号 mobile", f.mobile.map(MobileNumber.grouped)),
            ("座机 landline", f.landline),
            ("微信 WeChat", f.wechat),
            ("邮箱 e-mail", f.email),
            ("公司 company", f.company),
            ("信用代码 credit code", f.creditCode),
            ("用途 use", f.intendedUse),
            ("预计税收 tax", f.expectedTax.map { "\($0) 万元/年" }),
            ("计划投资 investment", f.investment.map { "\($0) 万元" }),
            ("需求类型 kinds", f.kinds.isEmpty ? nil : f.kinds.map(\.label).joined(separator: "、")),
            ("交易 deal", f.deal?.label),
            ("面积 area", area == "–" ? nil : area + " ㎡"),
            ("预算 budget", f.budget.map { "\($0) \(f.budgetUnit?.label ?? "")" }),
            ("意向区域 districts", f.districts.isEmpty ? nil : f.districts.joined(separator: "、")),
            ("意向园区 parks", f.parks.isEmpty ? nil : f.parks.joined(separator: "、")),
            ("行车 crane", f.minCraneTons.map { "≥ \($0) 吨" }),
            ("入驻 move in", f.moveIn),
            ("需求 need", f.needText),
            ("留言 message", f.message),
            ("来源房源 listing", f.listingRef),
            ("负责人 assignee", lead.assignee),
            ("已合并到 merged into", lead.mergedInto),
            ("已删除个人信息 erased", lead.erasedAt.map(LocalTime.minutes)),
            ("创建 created", "\(LocalTime.minutes(lead.createdAt)) · \(lead.createdBy)"),
            ("咨询 inquiries", "\(lead.inquiryCount), 最近 last \(LocalTime.minutes(lead.lastInquiryAt))"),
        ]
        var text = lines.compactMap { label, value in value.map { "\(label): \($0)" } }
        if !detail.inquiries.isEmpty {
            text.append("咨询记录 inquiries:")
            text += detail.inquiries.map(inquiry)
        }
        if !detail.notes.isEmpty {
            text.append("跟进记录 notes:")
            text += detail.notes.map { "  \(LocalTime.minutes($0.createdAt)) \($0.author): \($0.body)" }
        }
        text.append("历史 history:")
        text += detail.history.map { event in
            let move = event.to.map { to in (event.from.map { "\($0.label) → " } ?? "") + to.label } ?? event.event
            return "  \(LocalTime.minutes(event.at)) \(move) · \(event.actor)"
                + (event.detail.isEmpty ? "" : " (\(event.detail))")
        }
        return text.joined(separator: "\n")
    }

    /// One inquiry on one line: when, how, who (with every way to reach them) and what they wrote.
    static func inquiry(_ inquiry: LeadInquiry) -> String {
        let c = inquiry.contact
        let parts: [String?] = [
            LocalTime.minutes(inquiry.receivedAt), inquiry.source.label, c.name, c.mobile.map(MobileNumber.grouped),
            c.landline, c.wechat.map { "微信 \($0)" }, c.email, c.company, inquiry.listingRef,
            inquiry.unavailableListingRef.map { "问的房源 \($0) 已不公开" },
            inquiry.needText.map { "需求: \($0)" }, inquiry.message.map { "留言: \($0)" },
        ]
        return "  " + parts.compactMap { $0 }.joined(separator: " · ")
    }

    static func table(_ leads: [Lead]) -> String {
        var rows = ["编号\t状态\t来源\t联系人\t手机号\t公司\t用途\t负责人\t创建"]
        for lead in leads {
            let f = lead.fields
            rows.append(
                [
                    lead.ref, lead.status.label, f.source.label, f.contactName ?? "", f.mobile ?? "", f.company ?? "",
                    f.intendedUse ?? "", lead.assignee ?? "", LocalTime.minutes(lead.createdAt),
                ].joined(separator: "\t"))
        }
        rows.append("共 \(leads.count) 条 lead(s)")
        return rows.joined(separator: "\n")
    }

    static func matches(_ matches: [ListingMatch]) -> String {
        guard !matches.isEmpty else { return "没有合适的在租/在售房源 no active listing fits" }
        return matches.map { match in
            let c = match.candidate
            return "\(match.score)分 \(c.ref) \(c.title) — " + match.reasons.joined(separator: "；")
        }.joined(separator: "\n")
    }
}
