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
    static let zone = TimeZone(identifier: "Asia/Shanghai")!

    static let calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    static func time(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
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
