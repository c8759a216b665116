/// An enum with a stable English key (its raw value, used in the database, JSON and CLI flags) and a
/// Chinese label shown to people. Either spelling is accepted as input.
public protocol LabeledEnum: CaseIterable, Codable, Sendable, Hashable, RawRepresentable where RawValue == String {
    /// The Chinese name shown to users.
    var label: String { get }
    /// What the enum is called, in Chinese and English, for error messages and forms.
    static var typeLabel: String { get }
}

extension LabeledEnum {
    /// Accepts the key (case-insensitive, `_` or `-`) or the Chinese label.
    public static func parse(_ text: String) -> Self? {
        let trimmed = text.trimmingWhitespace()
        let key = trimmed.lowercased().replacingAll("_", with: "-")
        return allCases.first { $0.rawValue == key || $0.label == trimmed }
    }

    /// "factory (厂房), warehouse (仓库), …" for messages that list the accepted values.
    public static var choices: String {
        allCases.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
