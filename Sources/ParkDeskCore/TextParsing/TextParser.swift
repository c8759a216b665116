public import Foundation

/// Reads listing titles and callers' needs written the way people write them ("易俗河重工厂房4000平米独栋单层
/// 出租,行车16吨,独门独院") into drafts: every field it is sure of, the words each came from, and what it did not
/// understand. Pure and deterministic: the words are `Vocabulary`'s and the place names `PlaceNames`'.
/// Precision before recall: an ambiguous number ("10吨" with no 行车 near it) stays unparsed, with the reason.
public struct TextParser: Sendable {
    let scanner: TextScanner
    let places: PlaceNames

    public init(places: PlaceNames) {
        scanner = TextScanner(places: places)
        self.places = places
    }

    /// The kinds named (more specific words win over 土地/用地), each with the tokens it came from.
    func kinds(_ r: TextReading) -> [(kind: ListingKind, tokens: [Int])] {
        var found: [(kind: ListingKind, tokens: [Int])] = []
        var generic: [Int] = []
        for i in r.indices where !r.used[i] {
            for term in r.terms(i) {
                if case .kind(let kind) = term {
                    if let at = found.firstIndex(where: { $0.kind == kind }) {
                        found[at].tokens.append(i)
                    } else {
                        found.append((kind, [i]))
                    }
                } else if term == .genericLand {
                    generic.append(i)
                }
            }
        }
        if found.isEmpty, !generic.isEmpty { return [(.industrialLand, generic)] }
        if let land = found.firstIndex(where: { !$0.kind.isBuilding }) { found[land].tokens += generic }
        return found
    }

    /// The deal named, when only one is; otherwise the words are left with the reason.
    func deal(_ r: inout TextReading) -> DealType? {
        var deals: [(deal: DealType, token: Int)] = []
        for i in r.indices where !r.used[i] || r.terms(i).count > 1 {
            for case .deal(let deal) in r.terms(i) { deals.append((deal, i)) }
        }
        let distinct = Set(deals.map(\.deal))
        guard distinct.count == 1, let deal = distinct.first else {
            for (_, i) in deals { r.leave(i, "交易方式不止一种（\(deals.map(\.deal.label).joined(separator: "、"))），请选一种") }
            return nil
        }
        r.record("deal", deal.label, deals.map(\.token))
        return deal
    }

    /// The districts and parks named, in the order written, each once.
    func places(_ r: TextReading) -> (districts: [(key: String, name: String, tokens: [Int])], parks: [(String, [Int])])
    {
        var districts: [(key: String, name: String, tokens: [Int])] = []
        var parks: [(String, [Int])] = []
        for i in r.indices where !r.used[i] {
            for case .place(let place) in r.terms(i) {
                switch place {
                case .district(let key, let name):
                    if let at = districts.firstIndex(where: { $0.key == key }) {
                        districts[at].tokens.append(i)
                    } else {
                        districts.append((key, name, [i]))
                    }
                case .park(let name, _, _):
                    if let at = parks.firstIndex(where: { $0.0 == name }) {
                        parks[at].1.append(i)
                    } else {
                        parks.append((name, [i]))
                    }
                case .city, .province: break
                }
            }
        }
        return (districts, parks)
    }

    /// The first person named (王总, 联系人:王五) and the first mobile and landline written. With `onePhone` (a
    /// listing's one contact phone) only the first number is read, as `contactPhone`.
    func contact(_ r: inout TextReading, onePhone: Bool) -> (name: String?, mobile: String?, landline: String?) {
        var name: String?
        var mobile: String?
        var landline: String?
        for i in r.indices where !r.used[i] {
            switch r.tokens[i].piece {
            case .contact(let person) where name == nil:
                name = person
                r.record("contactName", person, [i])
            case .phone(let digits, let isMobile):
                if onePhone {
                    guard mobile == nil && landline == nil else { continue }
                    r.record("contactPhone", isMobile ? MobileNumber.grouped(digits) : digits, [i])
                }
                if isMobile, mobile == nil {
                    mobile = digits
                    if !onePhone { r.record("mobile", MobileNumber.grouped(digits), [i]) }
                } else if !isMobile, landline == nil {
                    landline = digits
                    if !onePhone { r.record("landline", digits, [i]) }
                }
            case .terms(let terms) where terms.contains(.contactMarker) && name == nil:
                let run = r.indices.dropFirst(i + 1).prefix { r.tokens[$0].piece == .unknown || r.isFiller($0) }
                let letters = run.filter { r.tokens[$0].piece == .unknown }
                guard (2...4).contains(letters.count), let first = letters.first, let last = letters.last else {
                    continue
                }
                let person = r.text(r.tokens[first].range.lowerBound..<r.tokens[last].range.upperBound)
                name = person
                r.record("contactName", person, [i] + Array(first...last))
            default: continue
            }
        }
        return (name, mobile, landline)
    }

    /// Words that end a use: 的, and the words that start a request.
    static let useEnds: Set<String> = ["的", "要", "需要", "想", "想要", "找", "求"]

    /// The use after 做, 从事, 用途 … up to 的 or the next request, place, deal or number: "做工程机械的" → 工程机械.
    func use(_ r: inout TextReading, field: String) -> String? {
        for i in r.indices where !r.used[i] && r.terms(i).contains(.useMarker) {
            var words: [Int] = []
            var j = i + 1
            while r.indices.contains(j) {
                let piece = r.tokens[j].piece
                let text = r.text(r.tokens[j].range)
                if Self.useEnds.contains(text) || piece == .separator { break }
                if case .terms(let terms) = piece,
                    terms.contains(where: {
                        if case .deal = $0 { true } else if case .place = $0 { true } else { false }
                    })
                {
                    break
                }
                if case .quantity = piece { break }
                if case .phone = piece { break }
                if case .contact = piece { break }
                words.append(j)
                j += 1
            }
            while let last = words.last, r.isFiller(last) { words.removeLast() }
            while let first = words.first, r.isFiller(first) { words.removeFirst() }
            guard let first = words.first, let last = words.last else { continue }
            let value = r.text(r.tokens[first].range.lowerBound..<r.tokens[last].range.upperBound)
            guard value.unicodeScalars.count >= 2, value.unicodeScalars.count <= 30 else { continue }
            var tokens = [i] + Array(first...last)
            if r.indices.contains(j), r.text(r.tokens[j].range) == "的" { tokens.append(j) }
            r.record(field, value, tokens)
            return value
        }
        return nil
    }

    /// The company: the words before 公司/集团 back to the start of the clause: "湘潭某机械有限公司".
    func company(_ r: inout TextReading) -> String? {
        for i in r.indices where !r.used[i] && r.terms(i).contains(.companySuffix) {
            var first = i
            while first > 0, !r.used[first - 1], Self.canBeInName(r, first - 1) { first -= 1 }
            let name = r.text(r.tokens[first].range.lowerBound..<r.tokens[i].range.upperBound)
            guard first < i, name.unicodeScalars.count >= 4 else { continue }
            r.record("company", name, Array(first...i))
            return name
        }
        return nil
    }

    private static func canBeInName(_ r: TextReading, _ i: Int) -> Bool {
        switch r.tokens[i].piece {
        case .unknown: true
        case .terms(let terms):
            terms.allSatisfy {
                switch $0 {
                case .place, .kind, .feature, .facility, .genericLand: true
                default: false
                }
            }
        default: false
        }
    }

    /// A sum of money and what it is per: the `/平`, `每亩`, `/月` words around it and the 月租/售价/税收 before it.
    struct Money {
        var quantity: Quantity
        var per: Set<Per> = []
        var period: PricePeriod?
        var isTotal = false
        /// The word before it, past the per words: 税收, 投资, 预算 …
        var lead: [Term] = []
        var tokens: [Int]

        var area: Per? { per.contains(.m2) ? .m2 : per.contains(.mu) ? .mu : nil }
        var perPeriod: PricePeriod? {
            per.contains(.month) ? .month : per.contains(.year) ? .year : per.contains(.day) ? .day : period
        }
    }

    func money(_ r: TextReading, at i: Int) -> Money? {
        guard let quantity = r.quantity(i), quantity.unit == .yuan else { return nil }
        var money = Money(quantity: quantity, tokens: [i])
        func per(_ j: Int) -> Per? {
            for case .per(let per) in r.terms(j) { return per }
            return nil
        }
        var j = r.adjacent(i)
        while let k = j, let p = per(k) {
            money.per.insert(p); money.tokens.append(k); j = r.adjacent(k)
        }
        var before = r.previous(i)
        while let k = before, per(k) != nil || r.has(k, { if case .boundBefore = $0 { true } else { false } }) {
            if let p = per(k) { money.per.insert(p) }
            money.tokens.append(k)
            before = r.previous(k)
        }
        if let k = before {
            for term in r.terms(k) {
                switch term {
                case .pricePrefix(let period):
                    money.period = period; money.tokens.append(k)
                case .totalPrefix:
                    money.isTotal = true; money.tokens.append(k)
                default: continue
                }
            }
            money.lead = r.terms(k)
            if money.lead.contains(where: { [.tax, .investment, .budget, .perMuTax].contains($0) }) {
                money.tokens.append(k)
            }
        }
        return money
    }

    /// Yuan as 万元, exactly: 3,000,000 → 300.
    static func wan(_ yuan: Decimal) -> Decimal { yuan / 10_000 }

    /// A whole number of a sensible size (storeys, a count, years, kVA), or `nil`.
    static func whole(_ value: Decimal) -> Int? {
        guard value >= 0, value <= 10_000_000, value == DecimalText.rounded(value, scale: 0) else { return nil }
        return Int(truncating: value as NSDecimalNumber)
    }
}
