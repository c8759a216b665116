public import Foundation

/// A number typed into one form field, read as the text parser reads numbers in titles and needs: full-width
/// digits, thousands commas, 万/亿 (and 百万, 千万) after the digits, Chinese numerals, then at most one unit word the
/// field allows. Anything else is not a number (`12abc`, `0x10`): the reader never keeps a leading part.
public enum TypedNumber {
    /// What a field's number means.
    public enum Field: Sendable {
        /// An amount in 万元 (税收 a year, 投资, a total budget): `300` is 300 万元, `1.5亿` 15,000 万元, `3百万` 300.
        case wanYuan
        /// A plain quantity (an area, a rent per ㎡): `1.2万` is 12,000; `units` are the words that may follow it.
        case quantity(units: [String])
    }

    /// The value, or nil when the text is not one number (empty text is nil too).
    public static func read(_ text: String, as field: Field) -> Decimal? {
        let folded = TextScanner.fold(text.precomposedStringWithCanonicalMapping)
        var s = Array(folded.unicodeScalars.filter { $0 != " " && $0 != "\t" })
        // a minus is read (and left to the field's rules to refuse), so that "-1" says "must not be negative"
        let negative = s.first == "-"
        if negative { s.removeFirst() }
        guard !s.isEmpty, var (value, end, scaled) = ChineseNumber.read(s, at: 0) else { return nil }
        if negative { value.negate() }
        // 3百万, 2千万: units the number reader leaves after Arabic digits
        while end < s.count, let unit = ChineseNumber.smallUnits[s[end]] ?? ChineseNumber.largeUnits[s[end]] {
            value *= Decimal(unit)
            end += 1
            scaled = true
        }
        var rest = String(String.UnicodeScalarView(s[end...]))
        switch field {
        case .wanYuan:
            // 300万元, 300万: the 万 was read as part of the number (yuan); plain 300 is in 万元; 300元 is yuan
            for suffix in ["/年", "每年", "一年"] where rest.hasSuffix(suffix) { rest.removeLast(suffix.count) }
            guard rest.isEmpty || rest == "元" else { return nil }
            return scaled || rest == "元" ? value / 10_000 : value
        case .quantity(let units):
            guard rest.isEmpty || units.contains(rest) else { return nil }
            return value
        }
    }
}
