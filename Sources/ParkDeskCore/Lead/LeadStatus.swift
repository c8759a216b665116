/// Where a lead is in the follow-up pipeline: new → contacted → qualified → visiting (考察) → negotiating (洽谈)
/// → signed (签约) → landed (落地), or lost / junk with a reason.
public enum LeadStatus: String, LabeledEnum {
    case new, contacted, qualified, visiting, negotiating, signed, landed, lost, junk

    public static let typeLabel = "跟进状态 lead status"

    public var label: String {
        switch self {
        case .new: "新线索"
        case .contacted: "已联系"
        case .qualified: "有效需求"
        case .visiting: "考察"
        case .negotiating: "洽谈"
        case .signed: "签约"
        case .landed: "落地"
        case .lost: "流失"
        case .junk: "无效"
        }
    }

    /// The legal next statuses (the database's `lead_status_transitions` holds the same table).
    public var next: [LeadStatus] {
        switch self {
        case .new: [.contacted, .lost, .junk]
        case .contacted: [.qualified, .lost, .junk]
        case .qualified: [.visiting, .negotiating, .lost]
        case .visiting: [.negotiating, .qualified, .lost]
        case .negotiating: [.signed, .visiting, .lost]
        case .signed: [.landed, .lost]
        case .landed: []
        case .lost: [.contacted]
        case .junk: [.new]
        }
    }

    /// Open leads collect new inquiries from the same person; closed ones do not.
    public var isOpen: Bool { ![.landed, .lost, .junk].contains(self) }

    /// Checks a move; lost and junk need a reason (at most 500 characters). Returns the cleaned reason.
    public func validateChange(to target: LeadStatus, reason: String?) throws(ValidationFailed) -> String? {
        guard next.contains(target) else {
            let allowed =
                next.isEmpty ? "none (final)" : next.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")
            throw ValidationFailed(
                "status",
                "cannot change from \(rawValue) (\(label)) to \(target.rawValue) (\(target.label)); allowed: \(allowed)"
            )
        }
        var check = FieldChecker()
        let reason = check.optionalText(reason, "reason", max: 500)
        if let failure = check.errors.first { throw ValidationFailed([failure]) }
        if (target == .lost || target == .junk) && reason == nil {
            throw ValidationFailed("reason", "is required when a lead becomes \(target.rawValue) (\(target.label))")
        }
        return reason
    }
}

/// How a lead reached the office.
public enum LeadSource: String, LabeledEnum {
    case web, hotline, wechat, walkIn = "walk-in", referral, event

    public static let typeLabel = "来源 source"

    public var label: String {
        switch self {
        case .web: "网站表单"
        case .hotline: "400热线"
        case .wechat: "微信"
        case .walkIn: "上门来访"
        case .referral: "转介绍"
        case .event: "推介活动"
        }
    }
}
