public import Foundation

/// Areas are stored in m²; land is often quoted in 亩 (1 亩 = 666.67 m², the office's convention).
public enum Area {
    public static let squareMetresPerMu = Decimal(string: "666.67") ?? 666.67

    /// Parses "4000", "4000㎡", "4000平米", "4000 m2", "30亩", "30 mu" into m².
    public static func parseSquareMetres(_ text: String) -> Decimal? {
        var number = text.trimmingWhitespace().lowercased()
        var factor: Decimal = 1
        let muSuffixes = ["亩", "mu"]
        let m2Suffixes = ["平方米", "平米", "㎡", "m²", "m2", "sqm"]
        if let suffix = muSuffixes.first(where: { number.hasSuffix($0) }) {
            number = String(number.dropLast(suffix.count))
            factor = squareMetresPerMu
        } else if let suffix = m2Suffixes.first(where: { number.hasSuffix($0) }) {
            number = String(number.dropLast(suffix.count))
        }
        guard let value = DecimalText.parse(number.trimmingWhitespace()) else { return nil }
        // m² stay exactly as given (validation rejects more than 2 decimals); 亩 convert to 0.01 m².
        return factor == 1 ? value : DecimalText.rounded(value * factor, scale: 2)
    }

    /// m² in 亩, rounded half away from zero to 0.01 亩. Areas with at most two decimals (all stored ones)
    /// are divided in integers: 1 亩 = 66,667 hundredths of a m², so m²×100 / 66,667 never ties.
    public static func mu(fromSquareMetres m2: Decimal) -> Decimal {
        guard let centiM2 = m2.hundredths, centiM2 >= 0, centiM2 < Int64.max / 200 else {
            return DecimalText.rounded(m2 / squareMetresPerMu, scale: 2)
        }
        let hundredthsOfMu = (centiM2 * 200 + 66_667) / 133_334
        return Decimal(sign: .plus, exponent: -2, significand: Decimal(hundredthsOfMu))
    }
}

/// Exact decimal numbers from text (never through `Double`).
public enum DecimalText {
    /// Accepts plain decimal notation only: digits, one optional dot, an optional leading minus.
    public static func parse(_ text: String) -> Decimal? {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            !(parts.first?.isEmpty ?? true)
        else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    public static func rounded(_ value: Decimal, scale: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// Number of digits after the decimal point.
    public static func scale(of value: Decimal) -> Int {
        max(0, -value.exponent)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
