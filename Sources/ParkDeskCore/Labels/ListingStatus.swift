/// Where a listing is in its life: draft → active → pending (洽谈中) → leased / sold, plus withdrawn and expired.
public enum ListingStatus: String, LabeledEnum {
    case draft, active, pending, leased, sold, withdrawn, expired

    public static let typeLabel = "状态 status"

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .active: "在租/在售"
        case .pending: "洽谈中"
        case .leased: "已出租"
        case .sold: "已售出"
        case .withdrawn: "已撤回"
        case .expired: "已过期"
        }
    }

    /// The statuses the public may see.
    public static let publicStatuses: [ListingStatus] = [.active, .pending]

    /// The legal next statuses (the database's `listing_status_transitions` holds the same table).
    public var next: [ListingStatus] {
        switch self {
        case .draft: [.active, .withdrawn]
        case .active: [.pending, .leased, .sold, .withdrawn, .expired]
        case .pending: [.active, .leased, .sold, .withdrawn, .expired]
        case .leased: [.active]
        case .sold: []
        case .withdrawn: [.draft, .active]
        case .expired: [.active, .withdrawn]
        }
    }

    /// Checks a change, also against the deal: only rentals become leased, only sales and transfers sold.
    public func validateChange(to target: ListingStatus, deal: DealType) throws(ValidationFailed) {
        guard next.contains(target) else {
            let allowed = next.isEmpty ? "none (final)" : next.map(\.rawValue).joined(separator: ", ")
            throw ValidationFailed(
                "status",
                "cannot change from \(rawValue) (\(label)) to \(target.rawValue) (\(target.label)); allowed: \(allowed)"
            )
        }
        if target == .leased && deal != .rent {
            throw ValidationFailed(
                "status", "only a rental (出租) can become leased; this listing is for \(deal.rawValue) (\(deal.label))")
        }
        if target == .sold && deal == .rent {
            throw ValidationFailed("status", "a rental (出租) cannot become sold; use leased")
        }
    }
}
