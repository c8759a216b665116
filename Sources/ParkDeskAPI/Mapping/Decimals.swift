import Foundation
import ParkDeskCore

/// JSON numbers on the wire are `Double`s in the generated types; an exact `Decimal` becomes the `Double`
/// nearest to it (the one its text would parse to), so 4000.5 stays 4000.5.
extension Decimal {
    var jsonNumber: Double { nearestDouble }
}

extension Optional where Wrapped == Decimal {
    var jsonNumber: Double? { self?.jsonNumber }
}
