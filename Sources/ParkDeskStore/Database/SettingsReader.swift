import Foundation

/// Reads `PARKDESK_*` settings of one shape each (the server's and the notifier's configuration); a bad value is a
/// `ConfigurationError` naming the variable and the rule.
public struct SettingsReader: Sendable {
    let environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    public func integer(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                description:
                    "\(name) must be a whole number in \(range.lowerBound)–\(range.upperBound), not '\(text)'.")
        }
        return value
    }

    public func integer(_ name: String, _ range: ClosedRange<Int>, into value: inout Int) throws {
        value = try integer(name, range) ?? value
    }

    public func milliseconds(_ name: String, into value: inout Duration) throws {
        value = try integer(name, 100...3_600_000).map { .milliseconds($0) } ?? value
    }

    /// A comma-separated list whose every entry passes `isValid`.
    public func list(_ name: String, _ rule: String, into value: inout [String], isValid: (String) -> Bool) throws {
        guard let text = environment[name], !text.isEmpty else { return }
        let entries = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if let bad = entries.first(where: { !isValid($0) }) {
            throw ConfigurationError(description: "\(name) entries must be \(rule), not '\(bad)'.")
        }
        value = entries
    }
}

/// A setting that cannot be used; the message says which and why.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}
