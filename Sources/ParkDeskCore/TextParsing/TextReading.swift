public import Foundation

/// A scanned text while a parser reads it: which tokens have become fields, the fields so far, and the reasons for
/// words it recognised but left out. Neighbours are looked up within a clause, past spaces and filler words.
struct TextReading {
    let original: [Unicode.Scalar]
    let tokens: [Token]
    private(set) var used: [Bool]
    private(set) var fields: [ParsedField] = []
    private var reasons: [Int: String] = [:]

    init(_ text: String, scanner: TextScanner) {
        let (original, folded) = TextScanner.scalars(text)
        self.original = original
        tokens = scanner.tokens(folded)
        used = Array(repeating: false, count: tokens.count)
    }

    var indices: Range<Int> { tokens.indices }

    func terms(_ i: Int) -> [Term] {
        if case .terms(let terms) = tokens[i].piece { terms } else { [] }
    }

    func quantity(_ i: Int?) -> Quantity? {
        guard let i, case .quantity(let q) = tokens[i].piece else { return nil }
        return q
    }

    func has(_ i: Int?, _ test: (Term) -> Bool) -> Bool {
        guard let i else { return false }
        return terms(i).contains(where: test)
    }

    func text(_ range: Range<Int>) -> String {
        TextScanner.string(original[range])
    }

    func span(_ i: Int) -> TextSpan {
        let range = tokens[i].range
        return TextSpan(start: range.lowerBound, end: range.upperBound, text: text(range))
    }

    /// Filler words and noise: skipped when looking for a neighbour.
    func isFiller(_ i: Int) -> Bool {
        switch tokens[i].piece {
        case .noise: true
        case .terms(let terms): terms.allSatisfy { $0 == .filler }
        default: false
        }
    }

    /// The next token in the clause that is not filler or noise.
    func next(_ i: Int) -> Int? { neighbour(i, step: 1) }
    func previous(_ i: Int) -> Int? { neighbour(i, step: -1) }

    private func neighbour(_ i: Int, step: Int) -> Int? {
        var j = i + step
        while tokens.indices.contains(j) {
            if tokens[j].piece == .separator { return nil }
            if !isFiller(j) { return j }
            j += step
        }
        return nil
    }

    /// The token right after `i`, past spaces only.
    func adjacent(_ i: Int, step: Int = 1) -> Int? {
        var j = i + step
        while tokens.indices.contains(j), tokens[j].piece == .noise, original[tokens[j].range.lowerBound] == " " {
            j += step
        }
        return tokens.indices.contains(j) ? j : nil
    }

    /// Records a field from these tokens; a field recorded again gets the new value and the words of both.
    mutating func record(_ name: String, _ value: String, _ tokenIndices: [Int]) {
        for i in tokenIndices { used[i] = true }
        let spans = Self.joined(tokenIndices.sorted().map(span))
        if let at = fields.firstIndex(where: { $0.name == name }) {
            fields[at].value = value
            fields[at].spans = Self.joined(
                (fields[at].spans + spans.filter { !fields[at].spans.contains($0) }).sorted {
                    $0.start < $1.start
                })
        } else {
            fields.append(ParsedField(name: name, label: Self.labels[name] ?? name, value: value, spans: spans))
        }
    }

    /// Spans that touch become one: 湘潭华菱机械有限公司, not 湘潭…华…菱….
    private static func joined(_ spans: [TextSpan]) -> [TextSpan] {
        var result: [TextSpan] = []
        for span in spans {
            if let last = result.last, last.end == span.start {
                result[result.count - 1] = TextSpan(start: last.start, end: span.end, text: last.text + span.text)
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// Marks tokens read (they need no field, such as a marker that served its number).
    mutating func consume(_ tokenIndices: [Int]) {
        for i in tokenIndices { used[i] = true }
    }

    /// Words recognised but not made a field, and why.
    mutating func leave(_ i: Int, _ reason: String) {
        if reasons[i] == nil { reasons[i] = reason }
    }

    mutating func leave(_ tokenIndices: [Int], _ reason: String) {
        for i in tokenIndices { leave(i, reason) }
    }

    /// Takes a field back (it does not apply), leaving its words unparsed with the reason.
    mutating func withdraw(_ name: String, _ reason: String) {
        guard let at = fields.firstIndex(where: { $0.name == name }) else { return }
        let field = fields.remove(at: at)
        for (i, token) in tokens.enumerated()
        where field.spans.contains(where: { $0.start <= token.range.lowerBound && token.range.upperBound <= $0.end }) {
            used[i] = false
            reasons[i] = reason
        }
    }

    /// Takes back every parsed field the model's rules refuse (a crane of 2,000 t, three decimals of an area):
    /// the parser offers only values that can be saved. Rules about fields it did not set are not its business.
    mutating func keepValid(_ errors: [FieldError], clear: (String) -> Void) {
        for error in errors {
            let name =
                ["priceAmount", "priceUnit"].contains(error.field)
                ? "price"
                : ["budgetUnit"].contains(error.field) ? "budget" : error.field
            guard fields.contains(where: { $0.name == name }) else { continue }
            clear(name)
            withdraw(name, error.message)
        }
    }

    /// What was not understood: unknown characters run together, numbers and words that made no field (with
    /// the reason when there is one). Noise, separators and filler are not reported.
    func unparsed() -> [UnparsedText] {
        var result: [UnparsedText] = []
        var run: Range<Int>?
        func flush() {
            if let range = run { result.append(UnparsedText(span: spanOf(range), reason: nil)) }
            run = nil
        }
        for (i, token) in tokens.enumerated() where !used[i] {
            if let reason = reasons[i] {
                flush()
                result.append(UnparsedText(span: span(i), reason: reason))
                continue
            }
            switch token.piece {
            case .unknown:
                if let current = run, current.upperBound == token.range.lowerBound {
                    run = current.lowerBound..<token.range.upperBound
                } else {
                    flush()
                    run = token.range
                }
            case .separator, .noise:
                continue
            case .terms(let terms) where terms.allSatisfy(\.isSilent):
                continue
            default:
                flush()
                result.append(UnparsedText(span: span(i), reason: nil))
            }
        }
        flush()
        return result
    }

    private func spanOf(_ range: Range<Int>) -> TextSpan {
        TextSpan(start: range.lowerBound, end: range.upperBound, text: text(range))
    }

    static let labels: [String: String] = [
        "kind": "类型", "kinds": "类型", "deal": "交易方式", "district": "区县", "districts": "意向区县", "park": "园区",
        "parks": "意向园区", "buildingArea": "建筑面积", "landArea": "土地面积", "landAreaMu": "土地面积", "storeys": "层数",
        "floor": "所在楼层", "standalone": "独栋", "singleStorey": "单层", "clearHeight": "净高", "floorLoad": "承重",
        "craneCount": "行车台数", "craneTons": "行车吨位", "powerKva": "配电", "fireRating": "消防等级", "divisibleMin": "可分割",
        "landNature": "土地性质", "plannedUse": "规划用途", "tenureYears": "年限", "titleStatus": "权属", "plotRatio": "容积率",
        "waterSource": "水源", "allowedUses": "可用于", "price": "价格", "features": "特色", "ownerType": "业主类型",
        "contactName": "联系人", "contactPhone": "联系电话", "minArea": "最小面积", "maxArea": "最大面积",
        "minCraneTons": "行车吨位", "intendedUse": "用途", "expectedTax": "年税收", "investment": "投资", "company": "公司",
        "mobile": "手机号", "landline": "座机", "budget": "预算",
    ]
}

extension Term {
    /// Words that need no field of their own: filler, markers, city names.
    var isSilent: Bool {
        switch self {
        case .filler, .floorMarker, .storeysMarker, .boundBefore, .useMarker, .contactMarker, .landAreaMarker,
            .place(.city), .place(.province):
            true
        default: false
        }
    }
}
