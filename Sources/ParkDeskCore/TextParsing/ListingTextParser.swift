public import Foundation

extension TextParser {
    /// A listing from its title or a line of text. `kind`, when staff give it, decides what areas and prices
    /// mean; otherwise the text's own kind word does. The title itself is not set: the caller decides.
    public func listing(_ text: String, kind hint: ListingKind? = nil) -> ParsedText<ListingDraft> {
        var r = TextReading(text, scanner: scanner)
        var d = ListingDraft()
        d.kind = listingKind(&r, hint: hint)
        d.deal = deal(&r)
        listingPlace(&r, &d)
        let person = contact(&r, onePhone: true)
        d.contactName = person.name
        d.contactPhone = person.mobile.map(MobileNumber.grouped) ?? person.landline
        if d.kind?.isBuilding == false { d.plannedUse = use(&r, field: "plannedUse") }
        listingWords(&r, &d)
        for i in r.indices where !r.used[i] {
            if let q = r.quantity(i) { listingQuantity(&r, &d, at: i, q) }
        }
        listingLeftWords(&r, &d)
        fitShape(&r, &d)
        do {
            _ = try d.validated()
        } catch {
            r.keepValid(error.errors) { name in
                if name == "price" { (d.priceAmount, d.priceUnit) = (nil, nil) }
                if let field = ListingField(rawValue: name) { d.clear(field) }
            }
        }
        return ParsedText(draft: d, fields: r.fields, unparsed: r.unparsed())
    }

    private func listingKind(_ r: inout TextReading, hint: ListingKind?) -> ListingKind? {
        let found = kinds(r)
        if let hint {
            for (kind, tokens) in found where kind == hint { r.consume(tokens) }
            return hint
        }
        guard found.count == 1, let only = found.first else {
            for (_, tokens) in found {
                for i in tokens { r.leave(i, "类型不止一种（\(found.map(\.kind.label).joined(separator: "、"))），请选一种") }
            }
            return nil
        }
        r.record("kind", only.kind.label, only.tokens)
        return only.kind
    }

    /// One district (a park names its district too); several different ones are left for staff to choose.
    private func listingPlace(_ r: inout TextReading, _ d: inout ListingDraft) {
        let (districts, parks) = places(r)
        if parks.count == 1, let (name, tokens) = parks.first {
            d.park = name
            r.record("park", name, tokens)
        } else {
            for (_, tokens) in parks { for i in tokens { r.leave(i, "园区不止一个，请选一个") } }
        }
        if districts.count == 1, let only = districts.first {
            d.district = only.key
            r.record("district", only.name, only.tokens)
        } else if districts.count > 1 {
            let names = districts.map(\.name).joined(separator: "、")
            for district in districts { for i in district.tokens { r.leave(i, "区县不止一个（\(names)），请选一个") } }
        } else if parks.count == 1, let i = parks.first?.1.first,
            case .park(_, let key, let name) = r.terms(i).compactMap({ if case .place(let p) = $0 { p } else { nil } })
                .first
        {
            d.district = key
            r.record("district", name, [i])
        }
    }

    /// The words that are fields by themselves: features, 独栋, 单层, 业主自建, 国有, 有产权证, 养殖 …
    private func listingWords(_ r: inout TextReading, _ d: inout ListingDraft) {
        // a word with several meanings (甲类仓库, 猪场) gives its other fields though its kind was read
        for i in r.indices where !r.used[i] || r.terms(i).count > 1 {
            for term in r.terms(i) {
                switch term {
                case .feature(let feature), .facility(let feature):
                    d.features = (d.features ?? []).filter { $0 != feature } + [feature]
                    r.record("features", d.features!.joined(separator: "、"), [i])
                case .standalone:
                    d.standalone = true; r.record("standalone", "是", [i])
                case .singleStorey:
                    d.singleStorey = true; r.record("singleStorey", "是", [i])
                case .multiStorey:
                    d.singleStorey = false; r.record("singleStorey", "否（多层）", [i])
                case .storeys(let n):
                    d.storeys = n; r.record("storeys", "\(n) 层", [i])
                case .owner(let owner):
                    d.ownerType = owner; r.record("ownerType", owner.label, [i])
                case .landNature(let nature):
                    d.landNature = nature; r.record("landNature", nature.label, [i])
                case .titleStatus(let status):
                    d.titleStatus = status; r.record("titleStatus", status.label, [i])
                case .fireRating(let rating):
                    d.fireRating = rating; r.record("fireRating", rating.label + "类", [i])
                case .farmUse(let use):
                    d.allowedUses = (d.allowedUses ?? []).filter { $0 != use } + [use]
                    r.record("allowedUses", d.allowedUses!.joined(separator: "、"), [i])
                case .water:
                    d.waterSource = r.text(r.tokens[i].range); r.record("waterSource", d.waterSource!, [i])
                default: continue
                }
            }
        }
    }

    private func listingQuantity(_ r: inout TextReading, _ d: inout ListingDraft, at i: Int, _ q: Quantity) {
        let before = r.previous(i)
        let after = r.next(i)
        let value = q.low
        switch q.unit {
        case .m2?, .mu?:
            listingArea(&r, &d, at: i, q)
        case .ton?:
            if isCrane(r, i) {
                d.craneTons = max(d.craneTons ?? 0, q.high)
                r.record("craneTons", "\(d.craneTons!) 吨", [i] + craneWords(r, i))
            } else if r.has(before, { $0 == .floorLoad }), q.bound != .range {
                d.floorLoad = value
                r.record("floorLoad", "\(value) 吨/㎡", [i, before!] + perWords(r, i))
            } else {
                r.leave(i, "吨数附近没有“行车”或“承重”，不知是什么的吨位")
            }
        case .kg?:
            if r.has(before, { $0 == .floorLoad }), q.bound != .range {
                d.floorLoad = value / 1000
                r.record("floorLoad", "\(d.floorLoad!) 吨/㎡", [i, before!] + perWords(r, i))
            } else {
                r.leave(i, "公斤数附近没有“承重”")
            }
        case .metre?:
            if r.has(before, { $0 == .clearHeight }), q.bound != .range {
                d.clearHeight = value
                r.record("clearHeight", "\(value) 米", [i, before!])
            } else {
                r.leave(i, q.bound == .range ? "净高是一个范围，请给一个数" : "米数前没有“层高/滴水/净高”，不知是什么的高度")
            }
        case .kva?:
            let words = [before, after].compactMap { $0 }.filter { r.has($0, { $0 == .power }) }
            if let kva = Self.whole(value), q.bound != .range {
                d.powerKva = kva
                r.record("powerKva", "\(kva) kVA", [i] + words)
            } else {
                r.leave(i, "配电容量请写一个整数")
            }
        case .storey?:
            guard let n = Self.whole(value) else { return r.leave(i, "层数不是一个合理的整数") }
            if r.has(before, { $0 == .floorMarker }) {
                d.floor = n; r.record("floor", "\(n) 层", [i, before!])
            } else if r.has(before, { $0 == .storeysMarker })
                || r.has(after, { if case .kind = $0 { true } else { false } })
            {
                d.storeys = n;
                r.record("storeys", "\(n) 层", [i] + (r.has(before, { $0 == .storeysMarker }) ? [before!] : []))
            } else {
                r.leave(i, "“\(r.text(r.tokens[i].range))”：不知是楼栋的总层数还是所在楼层")
            }
        case .floor?:
            guard let n = Self.whole(value) else { return r.leave(i, "楼层不是一个合理的整数") }
            d.floor = n; r.record("floor", "\(n) 层", [i])
        case .count?:
            if isCrane(r, i), let n = Self.whole(value) {
                d.craneCount = n
                r.record("craneCount", "\(d.craneCount!) 台", [i] + craneWords(r, i))
            } else {
                r.leave(i, "台数附近没有“行车”，不知是什么的数量")
            }
        case .yuan?:
            listingPrice(&r, &d, at: i)
        case .year?:
            if r.has(before, { $0 == .tenure }) || r.has(after, { $0 == .tenure }), q.bound != .range,
                let n = Self.whole(value)
            {
                d.tenureYears = n
                r.record(
                    "tenureYears", "\(n) 年",
                    [i] + [before, after].compactMap { $0 }.filter { r.has($0, { $0 == .tenure }) })
            } else {
                r.leave(i, "年数附近没有“年限/租期”，不知是什么")
            }
        case nil:
            if r.has(before, { $0 == .plotRatio }) {
                d.plotRatio = value; r.record("plotRatio", "\(value)", [i, before!])
            } else {
                r.leave(i, "数字没有单位，不知是什么")
            }
        }
    }

    private func listingArea(_ r: inout TextReading, _ d: inout ListingDraft, at i: Int, _ q: Quantity) {
        let before = r.previous(i)
        let isMu = q.unit == .mu
        let unitText = isMu ? "亩" : "㎡"
        if let before,
            let facility = r.terms(before).lazy.compactMap({ if case .facility(let f) = $0 { f } else { nil } }).first
        {
            r.leave(i, "是“\(facility)”的面积，不是房源的面积")
            return
        }
        let divisible = r.has(before, { $0 == .divisible }) || r.has(r.next(i), { $0 == .divisible })
        if q.bound == .from || (divisible && q.bound != .range) {
            guard d.kind?.isBuilding ?? true, !isMu else { return r.leave(i, "土地的起租面积不是字段") }
            d.divisibleMin = q.low
            r.record(
                "divisibleMin", "最小 \(q.low) ㎡",
                [i] + [before, r.next(i)].compactMap { $0 }.filter { r.has($0, { $0 == .divisible }) })
            return
        }
        if q.bound == .atLeast || q.bound == .atMost { return r.leave(i, "面积只给了上限或下限，请写房源的面积") }
        let total = q.high
        let isLand = isMu || r.has(before, { $0 == .landAreaMarker }) || d.kind.map { !$0.isBuilding } == true
        if d.kind?.isBuilding == true && isLand {
            return r.leave(i, "占地面积：厂房、仓库和办公只记建筑面积")
        }
        if d.kind == nil && !isMu { return r.leave(i, "没写类型，不知是建筑面积还是土地面积") }
        let name = isLand ? (isMu ? "landAreaMu" : "landArea") : "buildingArea"
        if r.fields.contains(where: { $0.name == name }) { return r.leave(i, "已有一个面积") }
        if q.bound == .range {
            guard !isLand, r.indices.contains(where: { r.has($0, { $0 == .divisible }) }) else {
                return r.leave(i, "面积是一个范围，请写房源的总面积")
            }
            d.divisibleMin = q.low
            r.record("divisibleMin", "最小 \(q.low) ㎡", [i])
        }
        switch name {
        case "landAreaMu": d.landAreaMu = total
        case "landArea": d.landArea = total
        default: d.buildingArea = total
        }
        r.record(name, "\(total) \(unitText)", [i] + (r.has(before, { $0 == .landAreaMarker }) ? [before!] : []))
    }

    /// A price in the model's units; prices the model has no unit for (元/㎡ to buy, 元/㎡/年) are left.
    private func listingPrice(_ r: inout TextReading, _ d: inout ListingDraft, at i: Int) {
        guard let money = money(r, at: i) else { return }
        if money.lead.contains(where: { [.tax, .investment, .budget, .perMuTax].contains($0) }) {
            return r.leave(money.tokens, "税收、投资和预算是招商需求的内容，房源没有这些字段")
        }
        guard money.quantity.bound == .exact || money.quantity.bound == .approx else {
            return r.leave(money.tokens, "价格是范围或只给了上下限，请写一个价格")
        }
        guard d.priceUnit == nil else { return r.leave(money.tokens, "已有一个价格") }
        let amount = money.quantity.low
        let sells = d.deal == .sale || d.deal == .transfer
        let unit: PriceUnit?
        switch (money.area, money.perPeriod) {
        case (.m2?, .month?): unit = .yuanPerM2Month
        case (.m2?, nil): unit = sells ? nil : .yuanPerM2Month
        case (.m2?, .day?): unit = .yuanPerM2Day
        case (.mu?, .year?): unit = .yuanPerMuYear
        case (.mu?, nil): unit = d.deal == .rent ? .yuanPerMuYear : nil
        case (nil, .month?): unit = .yuanPerMonth
        case (nil, .year?): unit = .yuanPerYear
        case (nil, nil):
            let isTotal = money.isTotal || sells || (d.deal == nil && isSaleWord(r, r.next(i)))
            unit = isTotal && amount >= 10_000 ? .wanYuanTotal : nil
        default: unit = nil
        }
        guard let unit else {
            return r.leave(money.tokens, sells ? "出售、转让按总价（万元）计，请写总价" : "价格没写按什么计（如 元/㎡/月、元/月、元/年）")
        }
        let value = unit == .wanYuanTotal ? Self.wan(amount) : amount
        d.priceAmount = value
        d.priceUnit = unit
        r.record("price", unit.display(value), money.tokens)
    }

    private func isSaleWord(_ r: TextReading, _ i: Int?) -> Bool {
        r.has(i) { $0 == .deal(.sale) || $0 == .deal(.transfer) }
    }

    /// Words recognised that made no field: a crane with no figure, 面议, 可分割 with no area, need words.
    private func listingLeftWords(_ r: inout TextReading, _ d: inout ListingDraft) {
        for i in r.indices where !r.used[i] {
            for term in r.terms(i) {
                switch term {
                case .negotiable:
                    if d.priceUnit == nil {
                        d.priceUnit = .negotiable; r.record("price", PriceUnit.negotiable.label, [i])
                    } else {
                        r.leave(i, "已有一个价格")
                    }
                case .divisible:
                    d.features = (d.features ?? []).filter { $0 != "可分割" } + ["可分割"]
                    r.record("features", d.features!.joined(separator: "、"), [i])
                case .crane: r.leave(i, "有行车，但没写吨位或台数")
                case .clearHeight, .floorLoad, .power, .plotRatio, .tenure: r.leave(i, "没有跟数字")
                case .tax, .investment, .budget, .perMuTax: r.leave(i, "税收、投资和预算是招商需求的内容，房源没有这些字段")
                default: continue
                }
            }
        }
    }

    /// Fields of another shape than the kind's (a crane on farmland, a floor on land) are taken back.
    private func fitShape(_ r: inout TextReading, _ d: inout ListingDraft) {
        guard let kind = d.kind else { return }
        var refused: [ListingField] = []
        if kind.isBuilding, let status = d.titleStatus, let field = r.fields.first(where: { $0.name == "titleStatus" })
        {
            // a building's title (有产权证) is a feature: buildings have no title-status field
            d.titleStatus = nil
            d.features = (d.features ?? []) + [status.label]
            r.withdraw("titleStatus", "")
            r.record(
                "features", d.features!.joined(separator: "、"),
                field.spans.flatMap { span in
                    r.indices.filter {
                        r.tokens[$0].range.lowerBound >= span.start && r.tokens[$0].range.upperBound <= span.end
                    }
                })
        }
        if kind.isBuilding {
            refused =
                ListingField.landFields + ListingField.farmlandFields
                + (kind.allowsCrane ? [] : ListingField.craneFields)
            if d.priceUnit == .yuanPerMuYear {
                d.priceUnit = nil; d.priceAmount = nil; r.withdraw("price", "元/亩/年 只适用于土地")
            }
        } else {
            refused =
                ListingField.buildingFields + ListingField.craneFields
                + (kind == .farmland ? [] : ListingField.farmlandFields)
        }
        for field in refused where d.isSet(field) {
            d.clear(field)
            r.withdraw(field.rawValue, "不适用于\(kind.label)")
        }
    }

    /// Whether a ton or count figure belongs to a crane: 行车16吨, 16吨行车, 两台10吨行车, 行车2台10吨.
    func isCrane(_ r: TextReading, _ i: Int) -> Bool {
        !craneWords(r, i).isEmpty
    }

    func craneWords(_ r: TextReading, _ i: Int) -> [Int] {
        var words: [Int] = []
        for step in [-1, 1] {
            var j = step < 0 ? r.previous(i) : r.next(i)
            var hops = 0
            while let k = j, hops < 2 {
                if r.has(k, { $0 == .crane }) { words.append(k); break }
                guard r.quantity(k).map({ $0.unit == .ton || $0.unit == .count }) == true else { break }
                j = step < 0 ? r.previous(k) : r.next(k)
                hops += 1
            }
        }
        return words
    }

    /// The `/平` words after a floor load (承重1吨/平).
    private func perWords(_ r: TextReading, _ i: Int) -> [Int] {
        guard let j = r.adjacent(i), r.terms(j).contains(.per(.m2)) else { return [] }
        return [j]
    }
}

extension ListingDraft {
    /// Keeps the text a listing was read from: as its title when it fits (2–120 code points), else as its
    /// description.
    public mutating func keepText(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        let length = trimmed.unicodeScalars.count  // as the title's CHECK counts: code points
        if (2...120).contains(length) {
            title = trimmed
        } else if length > 0 {
            description = String(String.UnicodeScalarView(trimmed.unicodeScalars.prefix(5000)))
        }
    }
}
