/// Listing references: city code, year, running number (XT-2026-000123), as the database assigns them.
public enum ListingRef {
    /// Whether `ref` has the shape of a reference (letters may be lower case; lookups upper-case them).
    public static func isWellFormed(_ ref: String) -> Bool {
        let parts = ref.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0].count == 2 && parts[0].allSatisfy { $0.isASCII && $0.isLetter }
            && parts[1].count == 4 && parts[1].allSatisfy(\.isASCIIDigit)
            && (6...12).contains(parts[2].count) && parts[2].allSatisfy(\.isASCIIDigit)
    }
}
