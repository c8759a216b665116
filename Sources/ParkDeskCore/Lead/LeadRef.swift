/// A lead's reference as people quote it: LD-2026-000123.
public enum LeadRef {
    public static func isWellFormed(_ text: String) -> Bool {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[0] == "LD" && parts[1].count == 4 && (6...12).contains(parts[2].count)
            && parts.dropFirst().allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
    }
}
