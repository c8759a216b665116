import Foundation

/// JSON numbers on the wire are `Double`s in the generated types; exact `Decimal`s go through their
/// shortest text, so 4000.5 stays 4000.5.
extension Decimal {
    var jsonNumber: Double { Double("\(self)") ?? NSDecimalNumber(decimal: self).doubleValue }
}

extension Optional where Wrapped == Decimal {
    var jsonNumber: Double? { self?.jsonNumber }
}
