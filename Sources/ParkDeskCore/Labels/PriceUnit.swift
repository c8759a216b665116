public import Foundation

/// The unit a price is listed in, exactly as the owner quotes it, or 面议 (negotiable, no amount).
public enum PriceUnit: String, LabeledEnum {
    case yuanPerM2Month = "yuan-per-m2-month"
    case yuanPerM2Day = "yuan-per-m2-day"
    case yuanPerMonth = "yuan-per-month"
    case yuanPerYear = "yuan-per-year"
    case wanYuanTotal = "wan-yuan-total"
    case yuanPerMuYear = "yuan-per-mu-year"
    case negotiable

    public static let typeLabel = "价格单位 price unit"

    public var label: String {
        switch self {
        case .yuanPerM2Month: "元/㎡/月"
        case .yuanPerM2Day: "元/㎡/天"
        case .yuanPerMonth: "元/月"
        case .yuanPerYear: "元/年"
        case .wanYuanTotal: "万元"
        case .yuanPerMuYear: "元/亩/年"
        case .negotiable: "面议"
        }
    }

    /// Whether the unit is a periodic rent (as opposed to a one-off total).
    public var isPeriodic: Bool { self != .wanYuanTotal && self != .negotiable }

    /// "12.5 元/㎡/月", "面议".
    public func display(_ amount: Decimal?) -> String {
        guard let amount, self != .negotiable else { return label }
        return "\(amount) \(label)"
    }
}
