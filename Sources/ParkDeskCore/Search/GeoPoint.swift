/// A point on the map in WGS-84 degrees.
public struct GeoPoint: Sendable, Equatable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        (self.latitude, self.longitude) = (latitude, longitude)
    }

    /// Parses "lat,lng" such as "27.83,112.91" (plain decimals, no spaces); `nil` when malformed or out of range.
    public static func parse(_ text: String) -> GeoPoint? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, isPlainDecimal(parts[0], integerDigits: 2), isPlainDecimal(parts[1], integerDigits: 3),
            let lat = Double(parts[0]), let lng = Double(parts[1]),
            (-90...90).contains(lat), (-180...180).contains(lng)
        else { return nil }
        return GeoPoint(latitude: lat, longitude: lng)
    }

    /// `-?[0-9]{1,n}(\.[0-9]+)?`
    static func isPlainDecimal(_ text: Substring, integerDigits: Int) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : text
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, (1...integerDigits).contains(whole.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }
    }
}
