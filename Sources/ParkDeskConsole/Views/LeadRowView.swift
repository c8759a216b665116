import Foundation
import ParkDeskCore
import ParkDeskHTTP

/// One lead in a list (inbox, board, the lead page's side list): always with the contact masked. It hands the
/// template engine its fields directly (an inbox shows fifty).
struct LeadRowView: Sendable, TemplateFields {
    let ref, href, time, source, need, contact, status, statusKey, agent: String
    let unassigned: Bool
    /// Whether the row has a box to choose it (the inbox, for those who may assign).
    var selectable = false

    init(_ lead: Lead) {
        let masked = lead.maskingContact()
        ref = lead.ref
        href = StaffConsole.root + "/leads/" + lead.ref
        time = ConsoleFormat.time(lead.createdAt)
        source = lead.fields.source.label
        need = ConsoleFormat.needLine(lead.fields)
        contact = [masked.fields.contactName, masked.fields.mobile, lead.fields.company].compactMap { $0 }
            .joined(separator: " · ")
        status = lead.status.label
        statusKey = lead.status.rawValue
        agent = lead.assignee ?? "未分配"
        unassigned = lead.assignee == nil
    }

    /// Every text escaped here (`HTMLText`): templates show a row's values with `{{{…}}}`.
    var templateFields: [String: Any] {
        [
            "ref": HTMLText.escaped(ref), "href": HTMLText.escaped(href), "time": time, "source": source,
            "need": HTMLText.escaped(need), "contact": HTMLText.escaped(contact), "status": status,
            "statusKey": statusKey, "agent": HTMLText.escaped(agent), "unassigned": unassigned,
            "selectable": selectable,
        ]
    }
}

/// How the console writes times, figures and a need in one line (Asia/Shanghai, Chinese units).
enum ConsoleFormat {
    /// `2026-12-07 18:30` in Beijing time (UTC+8 all year since 1992), by arithmetic: lists show fifty of them, and
    /// `Calendar` with `String(format:)` was a twentieth of a list page.
    static func time(_ date: Date) -> String {
        let local = Int64((date.timeIntervalSince1970 + 8 * 3600).rounded(.down))
        let (days, second) = (
            local >= 0 ? local / 86400 : (local - 86399) / 86400, local % 86400 + (local < 0 ? 86400 : 0)
        )
        let (year, month, day) = CivilDate.of(day: days)
        let minutes = second % 86400 / 60
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : String(n) }
        return "\(year)-\(two(month))-\(two(day)) \(two(minutes / 60)):\(two(minutes % 60))"
    }

    static func day(_ date: Date) -> String {
        String(time(date).prefix(10))
    }

    /// The need in one line: kinds, deal, area, places, crane, then the person's own words.
    static func needLine(_ lead: ValidLead) -> String {
        var parts = lead.kinds.map(\.label)
        if let deal = lead.deal { parts.append(deal.label) }
        if let area = area(lead) { parts.append(area) }
        parts += lead.districts + lead.parks
        if let crane = lead.minCraneTons { parts.append("行车≥\(crane)吨") }
        if let words = lead.needText ?? lead.message { parts.append(String(words.prefix(40))) }
        return parts.isEmpty ? "（未说明需求）" : parts.joined(separator: " · ")
    }

    static func area(_ lead: ValidLead) -> String? {
        switch (lead.minArea, lead.maxArea) {
        case (let low?, let high?) where low == high: "\(low)㎡"
        case (let low?, let high?): "\(low)–\(high)㎡"
        case (let low?, nil): "≥\(low)㎡"
        case (nil, let high?): "≤\(high)㎡"
        case (nil, nil): nil
        }
    }
}
