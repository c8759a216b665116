import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// The lead page: contact (a `tel:` link to call), the need, every inquiry, notes, history, matching listings, and
/// the actions the policy allows. A refused action shows the page again with the typed text and a message.
extension StaffConsole {
    struct LeadView: Sendable {
        // the lists hand the engine their fields directly (no reflection on each entry)
        struct Pair: Sendable, TemplateFields {
            let label, value: String
            var templateFields: [String: Any] { ["label": label, "value": value] }
        }
        struct Inquiry: Sendable, TemplateFields {
            let time, source, contact: String
            let listing, message, need: String?
            var templateFields: [String: Any] {
                [
                    "time": time, "source": source, "contact": contact, "listing": listing.templateValue,
                    "message": message.templateValue, "need": need.templateValue,
                ]
            }
        }
        struct Entry: Sendable, TemplateFields {
            let time, who, text: String
            var templateFields: [String: Any] { ["time": time, "who": who, "text": text] }
        }
        struct Match: Sendable, TemplateFields {
            let ref, title, href, reasons: String
            let score: Int
            var templateFields: [String: Any] {
                ["ref": ref, "title": title, "href": href, "reasons": reasons, "score": score]
            }
        }
        struct Choice: Sendable, TemplateFields {
            let value, label: String
            let selected: Bool
            var templateFields: [String: Any] { ["value": value, "label": label, "selected": selected] }
        }
        let ref, status, statusKey, agent, created, source, version: String
        let name, company: String?
        let mobile, dial, wechat, email, landline: String?
        let masked: Bool
        let erased: Bool
        let mergedInto: String?
        let need: [Pair]
        let needText: String?
        let inquiries: [Inquiry]
        let notes: [Entry]
        let history: [Entry]
        let matches: [Match]
        let mayWork, mayAssign, mayMerge, mayErase: Bool
        let moves: [Choice]
        let agents: [Choice]
        let kept: TypedText
        let messages: Messages
        let conflict: String?
        let side: [LeadRowView]
    }

    /// What the member typed in the action forms, shown again after a refusal.
    struct TypedText: Sendable {
        var note = "", reason = "", other = "", confirm = ""
    }

    struct Messages: Sendable {
        var status, reason, note, assignee, other, confirm: String?
    }

    /// The lead if `member` may open it; another park's lead is forbidden, not hidden behind a 404 that would
    /// differ from an unknown ref.
    func readableDetail(_ ref: String, _ member: StaffMember) async throws -> LeadDetail {
        guard LeadRef.isWellFormed(ref) else { throw NotFound("lead", ref) }
        let detail = try await database.leads.detail(ref: ref)
        guard Policy.mayRead(detail.lead.scope, by: member) else {
            throw Forbidden(message: "这条线索不属于您负责的园区。")
        }
        return detail
    }

    func leadPage(
        _ visit: Visit, ref: String, kept: TypedText = .init(), messages: Messages = .init(), conflict: String? = nil,
        chosen: LeadStatus? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let member = visit.member
        // what the page shows besides the lead is read at the same time, on other connections
        var sideFilter = Self.scope(member)
        sideFilter.limit = 15
        let leads = database.leads
        async let sideRows = sideLists.value(
            for: member.role == .park ? "park:\(member.parkIDs)" : "all", orRead: { try await leads.list(sideFilter) })
        async let agentRows = Policy.allows(member.role, .assignLeads) ? agents() : []
        let detail = try await readableDetail(ref, visit.member)
        let scope = detail.lead.scope
        let sees = Policy.seesContact(of: scope, by: member)
        let lead = sees ? detail.lead : detail.lead.maskingContact()
        let f = lead.fields
        let matches = detail.lead.erasedAt == nil ? try await database.leads.matches(for: detail.lead, limit: 5) : []
        let agents = try await agentRows
        let side = try await sideRows
        let view = LeadView(
            ref: lead.ref, status: lead.status.label, statusKey: lead.status.rawValue, agent: lead.assignee ?? "未分配",
            created: ConsoleFormat.time(lead.createdAt), source: f.source.label, version: String(lead.version),
            name: f.contactName, company: f.company, mobile: f.mobile,
            dial: sees ? f.mobile : nil, wechat: f.wechat, email: f.email, landline: f.landline, masked: !sees,
            erased: lead.erasedAt != nil, mergedInto: lead.mergedInto,
            need: Self.needPairs(f), needText: f.needText,
            inquiries: detail.inquiries.map { inquiry in
                let contact = sees ? inquiry.contact : inquiry.contact.masked()
                return .init(
                    time: ConsoleFormat.time(inquiry.receivedAt), source: inquiry.source.label,
                    contact: [contact.name, contact.mobile, contact.company].compactMap { $0 }.joined(separator: " · "),
                    listing: inquiry.listingRef ?? inquiry.unavailableListingRef, message: inquiry.message,
                    need: inquiry.needText)
            },
            notes: detail.notes.reversed().map {
                .init(time: ConsoleFormat.time($0.createdAt), who: $0.author, text: $0.body)
            },
            history: detail.history.reversed().map {
                .init(time: ConsoleFormat.time($0.at), who: $0.actor, text: Self.historyText($0))
            },
            matches: matches.map {
                .init(
                    ref: $0.candidate.ref, title: $0.candidate.title, href: "/listings/" + $0.candidate.ref,
                    reasons: $0.reasons.joined(separator: "；"), score: $0.score)
            },
            mayWork: Policy.mayWork(scope, by: member) && lead.erasedAt == nil,
            mayAssign: Policy.allows(member.role, .assignLeads) && lead.erasedAt == nil,
            mayMerge: Policy.allows(member.role, .mergeLeads) && lead.erasedAt == nil,
            mayErase: Policy.allows(member.role, .eraseLeads) && lead.erasedAt == nil,
            moves: lead.status.next.map { .init(value: $0.rawValue, label: $0.label, selected: $0 == chosen) },
            agents: agents.map { .init(value: $0.login, label: $0.displayName, selected: $0.id == lead.assigneeID) },
            kept: kept, messages: messages, conflict: conflict,
            side: side.map(LeadRowView.init))
        return pages.render("lead", title: lead.ref, visit: visit, view, status: status)
    }

    static func needPairs(_ f: ValidLead) -> [LeadView.Pair] {
        var pairs: [LeadView.Pair] = []
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { pairs.append(.init(label: label, value: value)) }
        }
        add("类型", f.kinds.map(\.label).joined(separator: "、"))
        add("方式", f.deal?.label)
        add("面积", ConsoleFormat.area(f))
        add("预算", f.budget.map { "\($0) \(f.budgetUnit?.label ?? "")" })
        add("区县", f.districts.joined(separator: "、"))
        add("园区", f.parks.joined(separator: "、"))
        add("行车", f.minCraneTons.map { "≥\($0) 吨" })
        add("入驻时间", f.moveIn)
        add("用途", f.intendedUse)
        add("税收", f.expectedTax.map { "\($0) 万元/年" })
        add("投资", f.investment.map { "\($0) 万元" })
        add("来自房源", f.listingRef)
        return pairs
    }

    static func historyText(_ event: LeadEvent) -> String {
        switch event.event {
        case "created": "创建线索"
        case "inquiry": "再次咨询"
        case "status":
            "状态：\(event.from?.label ?? "") → \(event.to?.label ?? "")"
                + (event.detail.isEmpty ? "" : "（\(event.detail)）")
        case "assign": event.detail == "-" ? "取消分配" : "分配给 \(event.detail)"
        case "note": "跟进记录"
        case "merge": "合并 \(event.detail)"
        case "erase": "已删除个人信息"
        default: event.event
        }
    }

    // MARK: - Actions

    func leadAction(_ page: ConsolePage, _ visit: Visit, ref: String, _ form: FormFields) async throws -> Response {
        let detail = try await readableDetail(ref, visit.member)
        let lead = detail.lead
        let leads = database.leads
        var kept = TypedText()
        kept.note = form.typed("note")
        kept.reason = form.typed("reason")
        kept.other = form.typed("other")
        kept.confirm = form.typed("confirm")
        let chosen = form["status"].flatMap(LeadStatus.init(rawValue:))
        do {
            switch page {
            case .leadStatus, .leadNote:
                guard Policy.mayWork(lead.scope, by: visit.member) else {
                    throw Forbidden(message: "这条线索未分配给您，不能更改。")
                }
                if page == .leadNote {
                    _ = try await leads.addNote(ref: lead.ref, body: form.typed("note"), actor: visit.actor)
                } else {
                    guard let target = chosen else { throw ValidationFailed("status", "choose a status") }
                    if let version = form["version"].flatMap(Int.init), version != lead.version,
                        lead.status != LeadStatus(rawValue: form["from"] ?? "")
                    {
                        return try await leadPage(
                            visit, ref: lead.ref, kept: kept,
                            conflict: "此线索已被他人修改：当前状态为「\(lead.status.label)」，您要改为「\(target.label)」。请确认后重新提交。",
                            chosen: target, status: .conflict)
                    }
                    _ = try await leads.changeStatus(
                        ref: lead.ref, to: target, reason: form["reason"], actor: visit.actor)
                }
            case .leadAssign:
                let agent = form["agent"]
                _ = try await leads.assign(
                    ref: lead.ref, to: agent == LeadFilter.unassigned ? nil : agent, actor: visit.actor)
            case .leadMerge:
                let other = (form["other"] ?? "").uppercased()
                guard LeadRef.isWellFormed(other), other != lead.ref else {
                    throw ValidationFailed("other", "give another lead's ref")
                }
                _ = try await readableDetail(other, visit.member)
                _ = try await leads.merge(keep: lead.ref, absorb: other, actor: visit.actor)
            case .leadErase:
                guard form["confirm"]?.uppercased() == lead.ref else {
                    var messages = Messages()
                    messages.confirm = "请输入本线索编号 \(lead.ref) 以确认删除"
                    return try await leadPage(
                        visit, ref: lead.ref, kept: kept, messages: messages, status: .unprocessableContent)
                }
                _ = try await leads.erase(ref: lead.ref, actor: visit.actor)
            default:
                return pages.error(.notFound)
            }
        } catch let failure as ValidationFailed {
            let byField = ConsoleMessages.byField(failure)
            var messages = Messages()
            messages.status = byField["status"]
            messages.reason = byField["reason"]
            messages.note = byField["note"]
            messages.assignee = byField["assignee"]
            messages.other = byField["other"]
            return try await leadPage(
                visit, ref: lead.ref, kept: kept, messages: messages, chosen: chosen, status: .unprocessableContent)
        } catch let missing as NotFound where page == .leadMerge {
            var messages = Messages()
            messages.other = "没有线索 \(missing.key)"
            return try await leadPage(
                visit, ref: lead.ref, kept: kept, messages: messages, status: .unprocessableContent)
        }
        return Self.redirect(to: Self.safeNext(form["back"] ?? (Self.root + "/leads/" + lead.ref)))
    }
}
