public import Foundation

extension TextParser {
    /// What a search for `text` means ("雨湖 厂房 20吨行车": a district, a kind, a crane of at least 20 t), read
    /// with the listing parser's words, numbers and units. Precision first: a word becomes a filter only when its
    /// reading is unambiguous (a tonnage with no crane word, several deals or parks, a price per month in 元 stay
    /// words). Filler (的, 要, 找) around the filters' words goes; every other word is a keyword. A text in which
    /// nothing is read is the keyword search it was.
    public func search(_ text: String) -> SearchReading {
        var r = TextReading(text, scanner: scanner)
        var filters = Filters()
        if let (ref, tokens) = ref(r) { filters.add(&r, .ref(ref), ref, tokens) }
        searchKinds(&r, &filters)
        if let deal = deal(&r) { filters.values["deal"] = .deal(deal) }
        searchPlaces(&r, &filters)
        let kinds: [ListingKind] = if case .kinds(let kinds)? = filters.values["kind"] { kinds } else { [] }
        for i in r.indices where !r.used[i] {
            if let q = r.quantity(i) { searchQuantity(&r, &filters, at: i, q, kinds: kinds) }
        }
        searchWords(&r, &filters)
        // in the order written, as the chips show them
        let found = r.fields.compactMap { field in
            filters.values[field.name].map { SearchFilter(value: $0, label: field.value, words: field.spans) }
        }.sorted { ($0.words.first?.start ?? 0) < ($1.words.first?.start ?? 0) }
        guard !found.isEmpty else {
            let literal = (try? SearchKeywords.parse(text)) ?? nil
            return SearchReading(filters: [], keywords: literal?.terms ?? [])
        }
        return SearchReading(filters: found, keywords: leftover(r))
    }

    /// The filters found so far by key; their words and labels are the reading's fields.
    struct Filters {
        var values: [String: SearchFilter.Value] = [:]

        mutating func add(_ r: inout TextReading, _ value: SearchFilter.Value, _ label: String, _ tokens: [Int]) {
            let key = value.key
            values[key] = value
            r.record(key, label, tokens)
        }
    }

    /// Kinds; 土地 or 用地 alone is any land, 猪场 also its use.
    private func searchKinds(_ r: inout TextReading, _ filters: inout Filters) {
        var found = kinds(r)
        guard !found.isEmpty else { return }
        let generic = found.count == 1 && found[0].tokens.allSatisfy { !r.has($0, { $0 == .kind(.industrialLand) }) }
        if generic && found[0].kind == .industrialLand {
            let tokens = found[0].tokens
            found = ListingKind.allCases.filter { !$0.isBuilding }.map { ($0, tokens) }
            filters.add(&r, .kinds(found.map(\.kind)), "土地", tokens)
            return
        }
        filters.add(
            &r, .kinds(found.map(\.kind)), found.map(\.kind.label).joined(separator: "、"), found.flatMap(\.tokens))
    }

    /// Districts (several: any of them), else a city's districts; one park.
    private func searchPlaces(_ r: inout TextReading, _ filters: inout Filters) {
        let (districts, parks) = places(r)
        var cityTokens: [Int] = []
        var cityCodes: [String] = []
        for i in r.indices where !r.used[i] {
            for case .place(.city(let code)) in r.terms(i) {
                cityTokens.append(i)
                if !cityCodes.contains(code) { cityCodes.append(code) }
            }
        }
        if !districts.isEmpty {
            // 湘潭 雨湖: the district says more than its city
            let names = districts.map { PlaceNames.DistrictName(key: $0.key, name: $0.name) }
            filters.add(
                &r, .districts(names), names.map(\.name).joined(separator: "、"),
                districts.flatMap(\.tokens) + cityTokens)
        } else if !cityCodes.isEmpty, parks.isEmpty {
            let cities = cityCodes.compactMap { places.cities[$0] }
            filters.add(
                &r, .districts(cities.flatMap(\.districts)), cities.map(\.name).joined(separator: "、"), cityTokens)
        } else {
            r.consume(cityTokens)
        }
        if parks.count == 1, let (name, tokens) = parks.first, let id = places.parkIDs[name] {
            filters.add(&r, .park(id: id, name: name), name, tokens)
        }
    }

    /// Areas, crane tonnage, clear height and prices, with their bounds.
    private func searchQuantity(
        _ r: inout TextReading, _ filters: inout Filters, at i: Int, _ q: Quantity, kinds: [ListingKind]
    ) {
        switch q.unit {
        case .m2?, .mu?:
            let (q, bound) = bounded(r, i, q)
            let before = r.previous(bound ?? i)
            if r.has(before, { if case .facility = $0 { true } else { false } }) { return }
            let isMu = q.unit == .mu
            let landKinds = !kinds.isEmpty && kinds.allSatisfy { !$0.isBuilding }
            let isLand = isMu || landKinds || r.has(before, { $0 == .landAreaMarker })
            let (low, high) = Self.range(q, exactIsCeiling: false)
            guard isLand || !kinds.contains(where: { !$0.isBuilding }),
                !r.fields.contains(where: { $0.name == "buildingArea" || $0.name == "landArea" }),
                (high ?? low ?? 0) <= (isMu ? 1_500_000 : 1_000_000_000)
            else { return }
            let unit = isMu ? "亩" : "㎡"
            let factor = isMu ? Area.squareMetresPerMu : 1
            let bounds = ListingQuery.Bounds(
                lower: low.map { DecimalText.rounded($0 * factor, scale: 2) },
                upper: high.map { DecimalText.rounded($0 * factor, scale: 2) })
            let words = [i] + [bound, r.has(before, { $0 == .landAreaMarker }) ? before : nil].compactMap { $0 }
            let label = (isLand ? "土地面积 " : "建筑面积 ") + Self.bounds(low, high, unit)
            filters.add(&r, isLand ? .landArea(bounds, inMu: isMu) : .buildingArea(bounds), label, words)
        case .ton?:
            searchMinimum(&r, &filters, at: i, q, of: .crane, upTo: 1000) { (.crane(minTons: $0), "行车 ≥ \($0) 吨") }
        case .count?:
            let words = nearby(r, i) { $0 == .crane }
            if !words.isEmpty, !r.fields.contains(where: { $0.name == "crane" }) {
                filters.add(&r, .crane(minTons: 0), "有行车", [i] + words)
            }
        case .metre?:
            searchMinimum(&r, &filters, at: i, q, of: .clearHeight, upTo: 100) {
                (.clearHeight(min: $0), "净高 ≥ \($0) 米")
            }
        case .yuan?:
            searchPrice(&r, &filters, at: i)
        default: return
        }
    }

    /// A lower bound of the thing `term` names beside the figure (行车 20吨, 净高8米), up to the model's limit.
    private func searchMinimum(
        _ r: inout TextReading, _ filters: inout Filters, at i: Int, _ q: Quantity, of term: Term, upTo limit: Decimal,
        _ filter: (Decimal) -> (SearchFilter.Value, String)
    ) {
        let (q, bound) = bounded(r, i, q)
        let words = nearby(r, i) { $0 == term }
        guard !words.isEmpty, q.bound != .atMost, q.low <= limit else { return }
        let (value, label) = filter(q.low)
        filters.add(&r, value, label, [i] + words + [bound].compactMap { $0 })
    }

    /// 租金12元以内, 每平15元 → rent per ㎡ and month; 300万以下 → a total. Other money (元/月, 税收) stays words.
    private func searchPrice(_ r: inout TextReading, _ filters: inout Filters, at i: Int) {
        guard var money = money(r, at: i), !r.fields.contains(where: { $0.name == "price" }),
            !money.lead.contains(where: { [.tax, .investment, .budget, .perMuTax].contains($0) })
        else { return }
        money.quantity = bounded(r, i, money.quantity).quantity
        // 15元/㎡以下: the bound after the per words
        if money.quantity.bound == .exact, let after = r.adjacent(money.tokens.max() ?? i) {
            for case .boundAfter(let bound) in r.terms(after) {
                money.quantity.bound = bound
                money.tokens.append(after)
            }
        }
        let (low, high) = Self.range(money.quantity, exactIsCeiling: true)
        guard (high ?? low ?? 0) <= 1_000_000_000_000 else { return }
        let rentWord = money.lead.contains { if case .pricePrefix = $0 { true } else { false } }
        let perDay: Decimal = money.perPeriod == .day ? 30 : 1
        switch (money.area, money.perPeriod) {
        case (.m2?, nil), (.m2?, .month?), (.m2?, .day?),
            (nil, nil) where rentWord && (high ?? low ?? 0) < 1000:
            let bounds = ListingQuery.Bounds(lower: low.map { $0 * perDay }, upper: high.map { $0 * perDay })
            filters.add(&r, .rent(bounds), "租金 " + Self.bounds(bounds.lower, bounds.upper, "元/㎡/月"), money.tokens)
        case (nil, nil) where (money.isTotal || money.quantity.low >= 10_000) && !rentWord:
            let label = "总价 " + Self.bounds(low.map(Self.wan), high.map(Self.wan), "万元")
            filters.add(&r, .totalPrice(ListingQuery.Bounds(lower: low, upper: high)), label, money.tokens)
        default: return
        }
    }

    /// Features, 独栋, 单层/多层, a farm use, a crane without a figure.
    private func searchWords(_ r: inout TextReading, _ filters: inout Filters) {
        for i in r.indices where !r.used[i] || r.terms(i).count > 1 {
            for term in r.terms(i) {
                switch term {
                case .feature(let feature), .facility(let feature): filters.add(&r, .feature(feature), feature, [i])
                case .divisible: filters.add(&r, .feature("可分割"), "可分割", [i])
                case .standalone: filters.add(&r, .standalone, "独栋", [i])
                case .singleStorey: filters.add(&r, .singleStorey(true), "单层", [i])
                case .multiStorey: filters.add(&r, .singleStorey(false), "多层", [i])
                case .farmUse(let use): filters.add(&r, .allowedUse(use), "可" + use, [i])
                case .crane where !r.used[i]:
                    // 行车 20吨 行车: the word joins the crane already read
                    if r.fields.contains(where: { $0.name == "crane" }) {
                        r.consume([i])
                    } else {
                        filters.add(&r, .crane(minTons: 0), "有行车", [i])
                    }
                default: continue
                }
            }
        }
    }

    /// A listing's reference in any form: XT-2026-000123, xt 2026 000123, full-width ＸＴ－２０２６－０００１２３.
    private func ref(_ r: TextReading) -> (String, [Int])? {
        let s = r.original.map(TextScanner.fold)
        var i = 0
        while i + 12 <= s.count {
            defer { i += 1 }
            guard s[i].isASCIILetter, s[i + 1].isASCIILetter, i == 0 || !s[i - 1].isASCIILetter else { continue }
            var j = i + 2
            func separator() { if j < s.count, s[j] == "-" || s[j] == " " { j += 1 } }
            func digits(_ range: ClosedRange<Int>) -> String? {
                let run = s[j...].prefix { $0.isASCIIDigit }.prefix(range.upperBound)
                guard range.contains(run.count) else { return nil }
                j += run.count
                return TextScanner.string(run)
            }
            separator()
            guard let year = digits(4...4) else { continue }
            separator()
            guard let number = digits(6...12), j == s.count || !s[j].isASCIILetter && !s[j].isASCIIDigit else {
                continue
            }
            let ref = TextScanner.string(s[i..<(i + 2)]).uppercased() + "-" + year + "-" + number
            let covered = r.indices.filter { r.tokens[$0].range.lowerBound >= i && r.tokens[$0].range.upperBound <= j }
            return (ref, covered)
        }
        return nil
    }

    /// The words of `kind` just before or after a figure, past bound words and other figures of the same thing:
    /// 行车20吨, 20吨行车, 行车不低于20吨, 20吨以上的行车, 两台20吨行车.
    func nearby(_ r: TextReading, _ i: Int, _ kind: (Term) -> Bool) -> [Int] {
        var words: [Int] = []
        for step in [-1, 1] {
            var j = step < 0 ? r.previous(i) : r.next(i)
            var hops = 0
            while let k = j, hops < 3 {
                if r.has(k, kind) {
                    words.append(k)
                    break
                }
                let passes =
                    r.quantity(k) != nil || r.has(k, { if case .boundBefore = $0 { true } else { false } })
                guard passes else { break }
                j = step < 0 ? r.previous(k) : r.next(k)
                hops += 1
            }
        }
        return words
    }

    /// The figure with the bound a word before it gives (至少 5000平, 约30亩, 不超过12元) and that word's token.
    func bounded(_ r: TextReading, _ i: Int, _ q: Quantity) -> (quantity: Quantity, word: Int?) {
        guard q.bound == .exact, let before = r.previous(i) else { return (q, nil) }
        for case .boundBefore(let bound) in r.terms(before) {
            var q = q
            q.bound = bound
            return (q, before)
        }
        return (q, nil)
    }

    /// A figure's range as a search means it: at least, at most, from–to; an approximate figure (约, 左右) ±10 %;
    /// an exact one the same range, or for a price a ceiling.
    static func range(_ q: Quantity, exactIsCeiling: Bool) -> (Decimal?, Decimal?) {
        switch q.bound {
        case .atLeast, .from: (q.low, nil)
        case .atMost: (nil, q.high)
        case .range: (q.low, q.high)
        case .exact where exactIsCeiling: (nil, q.high)
        case .exact, .approx: (q.low * approxBelow, q.high * approxAbove)
        }
    }

    /// "≥ 5000 ㎡", "≤ 12 元/㎡/月", "3600–4400 ㎡".
    static func bounds(_ low: Decimal?, _ high: Decimal?, _ unit: String) -> String {
        switch (low, high) {
        case (let low?, let high?):
            "\(DecimalText.rounded(low, scale: 2))–\(DecimalText.rounded(high, scale: 2)) \(unit)"
        case (let low?, nil): "≥ \(DecimalText.rounded(low, scale: 2)) \(unit)"
        case (nil, let high?): "≤ \(DecimalText.rounded(high, scale: 2)) \(unit)"
        case (nil, nil): unit
        }
    }

    /// The words no filter took, as keyword terms: runs of unread words between the filters' words and spaces,
    /// without the filler at their ends (找, 的, 要); at most `SearchKeywords.maxTerms`.
    private func leftover(_ r: TextReading) -> [String] {
        var terms: [String] = []
        var run: [Int] = []
        func flush() {
            while let first = run.first,
                r.isFiller(first) || r.terms(first).allSatisfy(\.isSilent) && !r.terms(first).isEmpty
            {
                run.removeFirst()
            }
            while let last = run.last,
                r.isFiller(last) || r.terms(last).allSatisfy(\.isSilent) && !r.terms(last).isEmpty
            {
                run.removeLast()
            }
            if let first = run.first, let last = run.last {
                let term = r.text(r.tokens[first].range.lowerBound..<r.tokens[last].range.upperBound)
                if term.contains(where: { $0.isLetter || $0.isNumber }), !terms.contains(term) { terms.append(term) }
            }
            run = []
        }
        for i in r.indices {
            let isSpace =
                r.tokens[i].piece == .noise && r.original[r.tokens[i].range.lowerBound].properties.isWhitespace
            if r.used[i] || isSpace || r.tokens[i].piece == .separator { flush() } else { run.append(i) }
        }
        flush()
        return Array(terms.prefix(SearchKeywords.maxTerms))
    }
}
