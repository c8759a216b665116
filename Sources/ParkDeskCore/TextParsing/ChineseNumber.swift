public import Foundation

/// Numbers as people write them in listings: Arabic with an optional 万/亿 (`3.5万`, `2,400`), or Chinese
/// numerals (`五`, `十二`, `一千二百`, `两`, colloquial `一万五` = 15,000, `一千二` = 1,200).
enum ChineseNumber {
    static let digits: [Unicode.Scalar: Int] = [
        "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5,
        "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
    ]
    static let smallUnits: [Unicode.Scalar: Int] = ["十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000]
    static let largeUnits: [Unicode.Scalar: Int] = ["万": 10_000, "萬": 10_000, "亿": 100_000_000]

    /// 千 before 瓦, 伏 or 克 belongs to the unit (千瓦, 千伏安, 千克), not to the number.
    static func isUnitPrefix(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        s[i] == "千" && i + 1 < s.count && (s[i + 1] == "瓦" || s[i + 1] == "伏" || s[i + 1] == "克")
    }

    /// A number at `i`: its value, where it ends, and whether it was scaled by 万 or 亿.
    static func read(_ s: [Unicode.Scalar], at i: Int) -> (value: Decimal, end: Int, scaled: Bool)? {
        guard i < s.count else { return nil }
        if s[i].isASCIIDigit { return arabic(s, at: i) }
        return chinese(s, at: i)
    }

    /// `4000`, `3.5`, `4,000` (a comma followed by exactly three digits), then an optional 万, 千 or 亿.
    private static func arabic(_ s: [Unicode.Scalar], at start: Int) -> (value: Decimal, end: Int, scaled: Bool)? {
        var i = start
        var text = ""
        var seenDot = false
        while i < s.count {
            let c = s[i]
            if c.isASCIIDigit {
                text.unicodeScalars.append(c)
            } else if c == ".", !seenDot, i + 1 < s.count, s[i + 1].isASCIIDigit {
                seenDot = true
                text.unicodeScalars.append(c)
            } else if c == ",", !seenDot, isThousandsGroup(s, i + 1) {
                // 4,000: the comma groups thousands
            } else {
                break
            }
            i += 1
        }
        guard var value = DecimalText.parse(text) else { return nil }
        var scaled = false
        if i < s.count, !isUnitPrefix(s, i) {
            if let large = largeUnits[s[i]] {
                value *= Decimal(large); i += 1; scaled = true
                if i < s.count, s[i] == "亿" { value *= 10_000; i += 1 }
                // 2万4 = 24,000: one digit after 万 counts in thousands
                if large == 10_000, i < s.count, let digit = s[i].digitValue,
                    i + 1 == s.count || !(s[i + 1].isASCIIDigit || s[i + 1] == ".")
                {
                    value += Decimal(digit * 1000); i += 1
                }
            } else if s[i] == "千", i + 1 < s.count, !s[i + 1].isASCIIDigit {
                value *= 1000; i += 1
            }
        }
        return (value, i, scaled)
    }

    private static func isThousandsGroup(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i + 3 <= s.count, s[i..<(i + 3)].allSatisfy(\.isASCIIDigit) else { return false }
        return i + 3 == s.count || !s[i + 3].isASCIIDigit
    }

    /// `二三千` (2,000 to 3,000), `四五百`: two neighbouring digits before a unit, as people say a range.
    static func colloquialRange(_ s: [Unicode.Scalar], at i: Int) -> (low: Decimal, high: Decimal, end: Int)? {
        guard i + 2 < s.count, let a = digits[s[i]], let b = digits[s[i + 1]], b == a + 1, a > 0,
            let unit = smallUnits[s[i + 2]] ?? largeUnits[s[i + 2]], !isUnitPrefix(s, i + 2)
        else { return nil }
        return (Decimal(a * unit), Decimal(b * unit), i + 3)
    }

    /// `十二`, `一千二百`, `两`, `三十`, `一万五`; a digit after a digit ends the number.
    private static func chinese(_ s: [Unicode.Scalar], at start: Int) -> (value: Decimal, end: Int, scaled: Bool)? {
        guard s[start] != "零" && s[start] != "〇" else { return nil }  // 零部件 is no number
        var total = 0
        var section = 0
        var pending: Int?
        var lastSmall = 0
        var lastLarge = 0
        var i = start
        var scaled = false
        while i < s.count, total + section < 1_000_000_000_000 {
            let c = s[i]
            if c == "零" || c == "〇", pending == nil, i > start {
                (lastSmall, lastLarge) = (0, 0)  // 一千零五: the digit after 零 counts as ones
            } else if let digit = digits[c] {
                if pending != nil { break }
                pending = digit
            } else if let unit = smallUnits[c], !isUnitPrefix(s, i) {
                if pending == nil && (unit != 10 || i != start) && lastLarge == 0 { break }
                section += (pending ?? 1) * unit
                pending = nil
                lastSmall = unit
                lastLarge = 0
            } else if let unit = largeUnits[c], i > start {
                section += pending ?? 0
                let (scaledTotal, overflow) = (total + section).multipliedReportingOverflow(by: unit)
                if overflow { break }
                total = scaledTotal
                section = 0
                pending = nil
                lastLarge = unit
                lastSmall = 0
                scaled = true
            } else {
                break
            }
            i += 1
        }
        guard i > start else { return nil }
        if let digit = pending {
            // 一千二 = 1,200 and 一万五 = 15,000: a last digit counts in the next unit down
            if lastSmall >= 100 {
                section += digit * lastSmall / 10
            } else if lastLarge > 0 {
                section += digit * lastLarge / 10
            } else {
                section += digit
            }
        }
        return (Decimal(total + section), i, scaled)
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
    var digitValue: Int? { isASCIIDigit ? Int(value - 0x30) : nil }
    var isASCIILetter: Bool { (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) }
}
