public import Foundation

/// A unit a number was written with.
enum QuantityUnit: Sendable, Equatable { case m2, mu, ton, kg, metre, kva, storey, floor, count, yuan, year }

/// A number with its unit and bound: `4000平米`, `3000到5000平`, `10吨以上`, `2.4万` (yuan).
struct Quantity: Sendable, Equatable {
    var low: Decimal
    var high: Decimal
    var unit: QuantityUnit?
    var bound: Bound
}

/// One piece of scanned text.
enum Piece: Sendable, Equatable {
    case terms([Term])
    case quantity(Quantity)
    case phone(String, isMobile: Bool)
    /// 王总, 李经理.
    case contact(String)
    /// ，。；！？ and line breaks: the end of a clause.
    case separator
    /// Spaces, punctuation inside a clause, emoji, brackets.
    case noise
    /// A character the scanner does not know.
    case unknown
}

struct Token: Sendable, Equatable {
    var piece: Piece
    var range: Range<Int>
}

/// Splits a text into known words, numbers with units, phone numbers, names and unknown characters. The text is
/// read NFC, with full-width characters and capitals folded (１２Ｔ reads as 12t); offsets are those of the NFC
/// text, one per Unicode code point.
struct TextScanner: Sendable {
    private let trie: Trie

    init(places: PlaceNames) {
        var trie = Trie()
        for (words, terms) in Vocabulary.entries {
            for word in words { trie.insert(Array(Self.fold(word).unicodeScalars), terms) }
        }
        for (name, place) in places.names { trie.insert(Array(Self.fold(name).unicodeScalars), [.place(place)]) }
        self.trie = trie
    }

    /// The text's scalars (NFC) and its folded scalars, one for one.
    static func scalars(_ text: String) -> (original: [Unicode.Scalar], folded: [Unicode.Scalar]) {
        let original = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
        return (original, original.map(fold))
    }

    static func fold(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: text.unicodeScalars.map(fold))
        return String(result)
    }

    /// Full-width ASCII to ASCII, capitals to small letters, the ideographic space to a space.
    static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c.value {
        case 0xFF01...0xFF5E: return Unicode.Scalar(c.value - 0xFEE0).map(lower) ?? c
        case 0x3000: return " "
        case 0x301C: return "~"
        case 0x2014, 0x2013: return "-"
        default: return lower(c)
        }
    }

    private static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(UInt8(c.value + 32)) : c
    }

    func tokens(_ s: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        while i < s.count {
            let c = s[i]
            if Self.separators.contains(c) {
                tokens.append(Token(piece: .separator, range: i..<(i + 1)))
                i += 1
                continue
            }
            if let phone = Self.phone(s, at: i) {
                tokens.append(Token(piece: .phone(phone.digits, isMobile: phone.isMobile), range: i..<phone.end))
                i = phone.end
                continue
            }
            let word = trie.longestMatch(s, at: i)
            let quantity = Self.quantity(s, at: i)
            let contact = Self.contact(s, at: i)
            let wordEnd = word?.end ?? i
            if let quantity, quantity.end > wordEnd {
                tokens.append(Token(piece: .quantity(quantity.value), range: i..<quantity.end))
                i = quantity.end
            } else if let contact, contact > wordEnd {
                tokens.append(Token(piece: .contact(Self.string(s[i..<contact])), range: i..<contact))
                i = contact
            } else if let word {
                tokens.append(Token(piece: .terms(word.terms), range: i..<word.end))
                i = word.end
            } else {
                let isNoise =
                    c.properties.isWhitespace || c.properties.isPatternSyntax
                    || c.properties.isEmoji
                        && !c.isASCIIDigit
                    || c.properties.generalCategory == .otherPunctuation
                    || c.properties.generalCategory == .openPunctuation
                    || c.properties.generalCategory == .closePunctuation || c.properties.generalCategory == .otherSymbol
                    || c.properties.isVariationSelector || c.value == 0x200D
                tokens.append(Token(piece: isNoise ? .noise : .unknown, range: i..<(i + 1)))
                i += 1
            }
        }
        return tokens
    }

    static let separators: Set<Unicode.Scalar> = [",", "，", "。", ";", "；", "!", "！", "?", "？", "\n", "\r", "、", "|"]

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    // MARK: phone numbers

    /// `13812345678`, `138 1234 5678`, `+86 138-1234-5678`, `0731-5858 1234`, `400 0123 021`: digit groups
    /// joined by single spaces or hyphens, 10–13 digits that make a mobile or a landline.
    static func phone(_ s: [Unicode.Scalar], at start: Int) -> (digits: String, isMobile: Bool, end: Int)? {
        var i = start
        if s[i] == "+" { i += 1 }
        guard i < s.count, s[i].isASCIIDigit, start == 0 || !s[start - 1].isASCIIDigit else { return nil }
        var digits = ""
        var end = i
        while i < s.count {
            if s[i].isASCIIDigit {
                digits.unicodeScalars.append(s[i])
                i += 1
                end = i
            } else if s[i] == " " || s[i] == "-", i + 1 < s.count, s[i + 1].isASCIIDigit,
                digits.count >= 3 || (digits == "86" && s[start] == "+")
            {
                i += 1
            } else {
                break
            }
            if digits.count > 13 { return nil }
        }
        if end < s.count, s[end].isASCIIDigit || s[end] == "." { return nil }
        if digits.count == 13, digits.hasPrefix("86") { digits.removeFirst(2) }
        if let mobile = MobileNumber.normalise(digits) { return (mobile, true, end) }
        let isLandline =
            (digits.hasPrefix("0") && (10...12).contains(digits.count))
            || ((digits.hasPrefix("400") || digits.hasPrefix("800")) && digits.count == 10)
        return isLandline ? (string(s[start..<end]), false, end) : nil
    }

    // MARK: numbers with units

    /// A number with an optional unit, range and bound: `4000平米`, `五吨`, `3000到5000㎡`, `10吨以上`,
    /// `3000多平`, `2.4万`. A number with neither unit nor 万/亿 is a bare number (unit `nil`); a Chinese numeral
    /// counts only with a unit.
    static func quantity(_ s: [Unicode.Scalar], at start: Int) -> (value: Quantity, end: Int)? {
        if let range = ChineseNumber.colloquialRange(s, at: start), let unit = Self.unit(s, at: range.end) {
            return (Quantity(low: range.low, high: range.high, unit: unit.unit, bound: .range), unit.end)
        }
        guard let first = ChineseNumber.read(s, at: start), first.value > 0 || s[start].isASCIIDigit else { return nil }
        var i = first.end
        var bound = Bound.exact
        if i < s.count, s[i] == "多" || s[i] == "余" { bound = .approx; i += 1 }
        var unit = Self.unit(s, at: i)
        if let found = unit { i = found.end }
        var high = first.value
        if i < s.count, rangeConnectors.contains(s[i]), let second = ChineseNumber.read(s, at: i + 1),
            second.value > first.value
        {
            let secondUnit = Self.unit(s, at: second.end)
            if unit == nil || secondUnit == nil || secondUnit?.unit == unit?.unit, secondUnit != nil || unit != nil {
                high = second.value
                i = secondUnit?.end ?? second.end
                unit = unit ?? secondUnit
                bound = .range
            }
        }
        var quantityUnit = unit?.unit
        if quantityUnit == nil, first.scaled { quantityUnit = .yuan }
        let isChinese = !s[start].isASCIIDigit
        if isChinese && quantityUnit == nil { return nil }
        if let after = Self.boundAfter(s, at: i) {
            if bound != .range { bound = after.bound }
            i = after.end
        }
        return (Quantity(low: first.value, high: high, unit: quantityUnit, bound: bound), i)
    }

    static let rangeConnectors: Set<Unicode.Scalar> = ["到", "至", "-", "~", "－"]

    static let units: [(String, QuantityUnit)] = [
        ("平方米", .m2), ("平方", .m2), ("平米", .m2), ("平", .m2), ("㎡", .m2), ("m²", .m2), ("m2", .m2),
        ("sqm", .m2), ("亩", .mu), ("吨", .ton), ("t", .ton), ("公斤", .kg), ("千克", .kg), ("kg", .kg), ("米", .metre),
        ("m", .metre), ("kva", .kva), ("千伏安", .kva), ("kw", .kva), ("千瓦", .kva), ("层", .storey), ("楼", .floor),
        ("台", .count), ("部", .count), ("架", .count), ("元", .yuan), ("块钱", .yuan), ("块", .yuan),
        ("年", .year),
    ]

    static let boundsAfter: [(String, Bound)] = [
        ("以上", .atLeast), ("及以上", .atLeast), ("起租", .from), ("起售", .from), ("起分", .from), ("起", .from),
        ("以下", .atMost), ("以内", .atMost), ("之内", .atMost), ("内", .atMost), ("左右", .approx), ("上下", .approx),
    ]

    private static func unit(_ s: [Unicode.Scalar], at start: Int) -> (unit: QuantityUnit, end: Int)? {
        var i = start
        while i < s.count, s[i] == " " { i += 1 }
        for (word, unit) in units where matches(word, s, at: i) {
            let end = i + word.unicodeScalars.count
            // a one-letter unit must not begin a word: 5t, not 5tons; 6m, not 6mm
            if word.unicodeScalars.first?.isASCIILetter == true, end < s.count, s[end].isASCIILetter { continue }
            return (unit, end)
        }
        return nil
    }

    private static func boundAfter(_ s: [Unicode.Scalar], at i: Int) -> (bound: Bound, end: Int)? {
        for (word, bound) in boundsAfter where matches(word, s, at: i) {
            return (bound, i + word.unicodeScalars.count)
        }
        return nil
    }

    static func matches(_ word: String, _ s: [Unicode.Scalar], at i: Int) -> Bool {
        var j = i
        for c in word.unicodeScalars {
            guard j < s.count, s[j] == c else { return false }
            j += 1
        }
        return true
    }

    // MARK: names

    static let surnames: Set<Unicode.Scalar> = Set(
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤易欧阳谷文刘伍颜聂尚康"
            .unicodeScalars)
    static let titles = ["总经理", "总监", "董事长", "经理", "主任", "先生", "女士", "小姐", "老板", "总", "师傅", "老师", "书记", "部长", "董"]

    /// 王总, 李经理, 张先生: a common surname and a title; returns where it ends.
    static func contact(_ s: [Unicode.Scalar], at i: Int) -> Int? {
        guard surnames.contains(s[i]) else { return nil }
        for title in titles where matches(title, s, at: i + 1) { return i + 1 + title.unicodeScalars.count }
        return nil
    }
}

/// Known words by their scalars, for longest-match lookup.
struct Trie: Sendable {
    private var children: [[Unicode.Scalar: Int32]] = [[:]]
    private var terms: [[Term]?] = [nil]

    mutating func insert(_ word: [Unicode.Scalar], _ meaning: [Term]) {
        var node = 0
        for c in word {
            if let next = children[node][c] {
                node = Int(next)
            } else {
                children.append([:])
                terms.append(nil)
                children[node][c] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        terms[node] = (terms[node] ?? []) + meaning.filter { !(terms[node] ?? []).contains($0) }
    }

    func longestMatch(_ s: [Unicode.Scalar], at start: Int) -> (terms: [Term], end: Int)? {
        var node = 0
        var best: (terms: [Term], end: Int)?
        var i = start
        while i < s.count, let next = children[node][s[i]] {
            node = Int(next)
            i += 1
            if let found = terms[node] { best = (found, i) }
        }
        return best
    }
}
