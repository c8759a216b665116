public import Foundation

/// Exact shortcuts for the small decimals listings carry (areas, prices, tons): Foundation's `Decimal`
/// arithmetic and text conversion dominated the cost of a search page. Each shortcut gives the same result
/// as the general path it replaces and falls back to it for anything large.
extension Decimal {
    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// The integer significand when it is below 2⁵³ (so a `Double` holds it exactly).
    private var smallSignificand: Double? {
        let significand = NSDecimalNumber(decimal: significand).doubleValue
        return significand < 9_007_199_254_740_992 ? significand : nil
    }

    /// The nearest `Double`, as parsing the decimal's shortest text would give: significand and power of ten
    /// are both exact doubles, so one IEEE division or multiplication rounds correctly.
    public var nearestDouble: Double {
        if let significand = smallSignificand, (-22...22).contains(exponent) {
            let magnitude =
                exponent < 0 ? significand / Self.powersOfTen[-exponent] : significand * Self.powersOfTen[exponent]
            return isSignMinus ? -magnitude : magnitude
        }
        return Double("\(self)") ?? NSDecimalNumber(decimal: self).doubleValue
    }

    /// The value in hundredths when it has at most two decimals and is small: e.g. 4000.5 → 400050.
    var hundredths: Int64? {
        guard let significand = smallSignificand, (-2...10).contains(exponent) else { return nil }
        let (value, overflow) = Int64(significand).multipliedReportingOverflow(
            by: Int64(Self.powersOfTen[exponent + 2]))
        if overflow { return nil }
        return isSignMinus ? -value : value
    }
}
