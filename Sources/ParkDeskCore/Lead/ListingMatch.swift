public import Foundation

/// An active listing considered for a lead's need, with the figures the score is based on.
public struct MatchCandidate: Sendable, Equatable {
    public var ref: String
    public var title: String
    public var kind: ListingKind
    public var deal: DealType
    public var district: String
    public var park: String?
    /// Building area, else land area, in m².
    public var area: Decimal
    public var craneTons: Decimal?
    /// Rent as 元/m²/month, when the listing gives a comparable price.
    public var monthlyPerM2: Decimal?
    /// Sale or transfer price in 万元.
    public var totalWan: Decimal?

    public init(
        ref: String, title: String, kind: ListingKind, deal: DealType, district: String, park: String?, area: Decimal,
        craneTons: Decimal?, monthlyPerM2: Decimal?, totalWan: Decimal?
    ) {
        self.ref = ref
        self.title = title
        self.kind = kind
        self.deal = deal
        self.district = district
        self.park = park
        self.area = area
        self.craneTons = craneTons
        self.monthlyPerM2 = monthlyPerM2
        self.totalWan = totalWan
    }
}

/// A listing that fits a lead's need: a score of 0–100 and the reasons, in Chinese, for staff to read out.
public struct ListingMatch: Sendable, Equatable {
    public var candidate: MatchCandidate
    public var score: Int
    public var reasons: [String]

    /// Scores a candidate: kind 20, deal 10, area 25 (10 when within 20 %), district 20 (+10 park),
    /// crane 15, budget 10. Hard limits (kind, deal, crane, area ±20 %) are applied when choosing candidates.
    public init(need: ValidLead, candidate: MatchCandidate) {
        var reasons: [String]? = []
        self.candidate = candidate
        score = Self.score(need: need, candidate: candidate, reasons: &reasons)
        self.reasons = reasons ?? []
    }

    /// The score, and its reasons when `reasons` is not nil: ranking scores every candidate (up to 500) and words
    /// the reasons of the few it keeps.
    static func score(need: ValidLead, candidate: MatchCandidate, reasons: inout [String]?) -> Int {
        var score = 0
        func say(_ reason: @autoclosure () -> String) { reasons?.append(reason()) }
        if need.kinds.isEmpty || need.kinds.contains(candidate.kind) {
            score += 20
            if !need.kinds.isEmpty { say("类型相符 \(candidate.kind.label)") }
        }
        if need.deal == nil || need.deal == candidate.deal {
            score += 10
            if let deal = need.deal { say("交易方式相符 \(deal.label)") }
        }
        let area = candidate.area
        let fmt = { (value: Decimal) in "\(DecimalText.rounded(value, scale: 0))㎡" }
        if need.minArea == nil && need.maxArea == nil {
            score += 10
        } else if (need.minArea.map { area >= $0 } ?? true) && (need.maxArea.map { area <= $0 } ?? true) {
            score += 25
            say("面积 \(fmt(area)) 在需求范围内")
        } else {
            score += 10
            say("面积 \(fmt(area)) 接近需求范围")
        }
        if need.districts.contains(candidate.district) {
            score += 20
            say("位于意向区域 \(candidate.district)")
        }
        if let park = candidate.park, need.parks.contains(park) {
            score += 10
            say("位于意向园区 \(park)")
        }
        if let minCrane = need.minCraneTons {
            if let tons = candidate.craneTons, tons >= minCrane {
                score += 15
                say("行车 \(tons) 吨 ≥ \(minCrane) 吨")
            }
        } else {
            score += 5
        }
        if let budget = need.budget, let unit = need.budgetUnit {
            let price: Decimal? = unit == .wanYuanTotal ? candidate.totalWan : candidate.monthlyPerM2
            let unitLabel = unit == .wanYuanTotal ? "万元" : "元/㎡/月"
            if let price, price <= budget {
                score += 10
                say("价格 \(DecimalText.rounded(price, scale: 2)) \(unitLabel) 在预算内")
            } else if let price, price * 10 <= budget * 11 {
                score += 5
                say("价格 \(DecimalText.rounded(price, scale: 2)) \(unitLabel) 略超预算")
            }
        } else {
            score += 5
        }
        return min(100, score)
    }

    /// Best first; ties keep the candidates' order (newest first).
    public static func rank(need: ValidLead, candidates: [MatchCandidate], limit: Int) -> [ListingMatch] {
        var unsaid: [String]? = nil
        let scored = candidates.enumerated().map {
            (
                offset: $0.offset, score: score(need: need, candidate: $0.element, reasons: &unsaid),
                candidate: $0.element
            )
        }
        return scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
            .prefix(limit).map { ListingMatch(need: need, candidate: $0.candidate) }
    }
}
