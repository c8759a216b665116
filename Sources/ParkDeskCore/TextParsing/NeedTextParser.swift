public import Foundation

extension TextParser {
    /// An area said "about" (左右, 上下, 约) is read as this range around it.
    static let approxBelow: Decimal = 0.9
    static let approxAbove: Decimal = 1.1

    /// A caller's need as an agent types it ("王总,做工程机械的,要3000到5000平的厂房,最好湘潭县或九华,行车10吨
    /// 以上,年税收300万左右,电话138 1234 5678"). The need text itself is not set: the caller keeps the words.
    public func need(_ text: String) -> ParsedText<LeadDraft> {
        var r = TextReading(text, scanner: scanner)
        var d = LeadDraft()
        let person = contact(&r, onePhone: false)
        (d.contactName, d.mobile, d.landline) = (person.name, person.mobile, person.landline)
        d.company = company(&r)
        d.intendedUse = use(&r, field: "intendedUse")
        let wanted = kinds(r)
        if !wanted.isEmpty {
            d.kinds = wanted.map(\.kind)
            r.record("kinds", wanted.map(\.kind.label).joined(separator: "、"), wanted.flatMap(\.tokens))
        }
        d.deal = deal(&r)
        let (districts, parks) = places(r)
        if !districts.isEmpty {
            d.districts = districts.map(\.key)
            r.record("districts", districts.map(\.name).joined(separator: "、"), districts.flatMap(\.tokens))
        }
        if !parks.isEmpty {
            d.parks = parks.map(\.0)
            r.record("parks", parks.map(\.0).joined(separator: "、"), parks.flatMap(\.1))
        }
        for i in r.indices where !r.used[i] {
            if let q = r.quantity(i) { needQuantity(&r, &d, at: i, q) }
        }
        for i in r.indices where !r.used[i] {
            if r.has(i, { $0 == .crane }) { r.leave(i, "要行车，但没写吨位") }
            if r.has(i, { [.tax, .investment, .budget].contains($0) }) { r.leave(i, "没有跟金额") }
            if !r.terms(i).isEmpty && !r.terms(i).allSatisfy(\.isSilent) {
                r.leave(i, "需求没有这一项，原话留在需求文字里")
            }
        }
        var checked = d
        checked.source = .hotline
        do {
            _ = try checked.validated()
        } catch {
            r.keepValid(error.errors) { name in d.clear(name) }
        }
        return ParsedText(draft: d, fields: r.fields, unparsed: r.unparsed())
    }

    private func needQuantity(_ r: inout TextReading, _ d: inout LeadDraft, at i: Int, _ q: Quantity) {
        // 至少3000平, 约30亩, 行车不低于10吨: read as the search box reads them
        let (q, boundWord) = bounded(r, i, q)
        if let boundWord { r.consume([boundWord]) }
        switch q.unit {
        case .m2?, .mu?:
            if let before = r.previous(i),
                r.terms(before).contains(where: { if case .facility = $0 { true } else { false } })
            {
                return r.leave(i, "是配套设施的面积，不是需求面积")
            }
            guard d.minArea == nil && d.maxArea == nil else { return r.leave(i, "已有一个面积") }
            let factor = q.unit == .mu ? Area.squareMetresPerMu : 1
            let low = DecimalText.rounded(q.low * factor, scale: 2)
            let high = DecimalText.rounded(q.high * factor, scale: 2)
            let unit = q.unit == .mu ? "亩" : "㎡"
            switch q.bound {
            case .atLeast, .from:
                d.minArea = low; r.record("minArea", "\(q.low) \(unit)", [i])
            case .atMost:
                d.maxArea = high; r.record("maxArea", "\(q.high) \(unit)", [i])
            case .approx:
                // 3000平左右, 约30亩: a stated range of ±10 % around it, so that the need does not read as exact
                let (from, to) = (q.low * Self.approxBelow, q.high * Self.approxAbove)
                d.minArea = DecimalText.rounded(from * factor, scale: 2)
                d.maxArea = DecimalText.rounded(to * factor, scale: 2)
                r.record("minArea", "\(from) \(unit)（约 \(q.low) \(unit)）", [i])
                r.record("maxArea", "\(to) \(unit)（约 \(q.high) \(unit)）", [i])
            default:
                d.minArea = low; d.maxArea = high
                r.record("minArea", "\(q.low) \(unit)", [i])
                r.record("maxArea", "\(q.high) \(unit)", [i])
            }
        case .ton?:
            let craneWords = nearby(r, i) { $0 == .crane }
            guard !craneWords.isEmpty else { return r.leave(i, "吨数附近没有“行车”，不知是什么的吨位") }
            d.minCraneTons = q.low
            r.record("minCraneTons", "\(q.low) 吨" + (q.bound == .atLeast ? "以上" : ""), [i] + craneWords)
        case .yuan?:
            needMoney(&r, &d, at: i)
        default:
            r.leave(i, "需求里不知这个数字是什么")
        }
    }

    /// 年税收300万 → expected tax, 投资5000万 → investment (万元); 预算 or a per-㎡ rent → budget.
    private func needMoney(_ r: inout TextReading, _ d: inout LeadDraft, at i: Int) {
        guard let money = money(r, at: i) else { return }
        guard money.quantity.bound != .range else { return r.leave(i, "金额是一个范围，请写一个数") }
        let amount = money.quantity.low
        if money.lead.contains(.perMuTax) { return r.leave(i, "亩均税收不是年税收，请换算成每年的税收") }
        if money.lead.contains(.tax), d.expectedTax == nil {
            d.expectedTax = Self.wan(amount)
            r.record("expectedTax", "\(d.expectedTax!) 万元/年", money.tokens)
        } else if money.lead.contains(.investment), d.investment == nil {
            d.investment = Self.wan(amount)
            r.record("investment", "\(d.investment!) 万元", money.tokens)
        } else if d.budget == nil, money.lead.contains(.budget) || money.area != nil || money.period != nil {
            switch (money.area, money.perPeriod) {
            case (.m2?, .month?), (.m2?, nil):
                (d.budget, d.budgetUnit) = (amount, .yuanPerM2Month)
            case (nil, nil) where money.lead.contains(.budget) && amount >= 10_000:
                (d.budget, d.budgetUnit) = (Self.wan(amount), .wanYuanTotal)
            default:
                return r.leave(i, "预算请写 元/㎡/月（租）或 万元（买）")
            }
            r.record("budget", d.budgetUnit!.display(d.budget), money.tokens)
        } else {
            r.leave(i, "金额前没有“税收/投资/预算”，不知是什么")
        }
    }
}

extension LeadDraft {
    /// Unsets a field the need parser sets, by its name.
    fileprivate mutating func clear(_ name: String) {
        switch name {
        case "kinds": kinds = nil
        case "deal": deal = nil
        case "minArea": minArea = nil
        case "maxArea": maxArea = nil
        case "budget": (budget, budgetUnit) = (nil, nil)
        case "districts": districts = nil
        case "parks": parks = nil
        case "minCraneTons": minCraneTons = nil
        case "intendedUse": intendedUse = nil
        case "expectedTax": expectedTax = nil
        case "investment": investment = nil
        case "company": company = nil
        case "contactName": contactName = nil
        case "mobile": mobile = nil
        case "landline": landline = nil
        default: break
        }
    }
}

extension LeadDraft {
    /// The structured need and project fields left empty, filled from what the person's own words say
    /// (`TextParser.need`); what they entered and their words stay as they are.
    public func fillingNeed(from parsed: LeadDraft) -> LeadDraft {
        var filled = self
        filled.kinds = kinds.flatMap { $0.isEmpty ? nil : $0 } ?? parsed.kinds
        filled.deal = deal ?? parsed.deal
        if minArea == nil && maxArea == nil && (parsed.minArea != nil || parsed.maxArea != nil) {
            (filled.minArea, filled.maxArea, filled.areaInMu) = (parsed.minArea, parsed.maxArea, false)
        }
        if budget == nil { (filled.budget, filled.budgetUnit) = (parsed.budget, parsed.budgetUnit) }
        filled.districts = districts.flatMap { $0.isEmpty ? nil : $0 } ?? parsed.districts
        filled.parks = parks.flatMap { $0.isEmpty ? nil : $0 } ?? parsed.parks
        filled.minCraneTons = minCraneTons ?? parsed.minCraneTons
        filled.intendedUse = intendedUse.flatMap { $0.isEmpty ? nil : $0 } ?? parsed.intendedUse
        filled.expectedTax = expectedTax ?? parsed.expectedTax
        filled.investment = investment ?? parsed.investment
        filled.company = company.flatMap { $0.isEmpty ? nil : $0 } ?? parsed.company
        return filled
    }
}
