public import Foundation

/// The name–value pairs of a URL query or an `application/x-www-form-urlencoded` body, in order, with
/// repeated names kept (check boxes). Values are percent-decoded, `+` is a space, text is NFC.
public struct FormFields: Sendable, Equatable {
    public let pairs: [(name: String, value: String)]

    public init(_ encoded: String) {
        pairs = encoded.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                // plain ASCII (kind=factory, minBuildingArea=1000) needs none of Foundation's work
                if part.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "%") && $0 != UInt8(ascii: "+") }) {
                    return String(part)
                }
                let text = part.replacingOccurrences(of: "+", with: " ")
                return (text.removingPercentEncoding ?? text).precomposedStringWithCanonicalMapping
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    public init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    /// The first value of `name`, trimmed; `nil` when missing or blank.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }.map { Self.trimmed($0.value) }
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The first value of `name` exactly as typed (to show it again), or "".
    public func typed(_ name: String) -> String {
        pairs.first { $0.name == name }?.value ?? ""
    }

    /// Each name's first value exactly as typed: a posted form to fill in again.
    public var firstValues: [String: String] {
        Dictionary(pairs.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every non-blank value of `name`, in order.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map { Self.trimmed($0.value) }
            .filter { !$0.isEmpty }
    }

    /// A check box: given and not "0"/"false".
    public func isOn(_ name: String) -> Bool {
        guard let value = self[name] else { return false }
        return value != "0" && value != "false"
    }

    /// Without the spaces and line breaks around it (checked first: most values have none).
    static func trimmed(_ value: String) -> String {
        guard let first = value.first, let last = value.last, first.isWhitespace || last.isWhitespace else {
            return value
        }
        return value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pairs encoded again (for a link that keeps the filters), without `dropping` names.
    public func encoded(dropping: Set<String> = []) -> String {
        pairs.filter { !dropping.contains($0.name) && !$0.value.isEmpty }.map {
            Self.escaped($0.name) + "=" + Self.escaped($0.value)
        }.joined(separator: "&")
    }

    /// Percent-encoded UTF-8 but for ASCII letters, digits and `-._~` (RFC 3986's unreserved characters), byte by
    /// byte (Foundation's `addingPercentEncoding` with a character set was ~5 % of a results page's CPU).
    static func escaped(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func == (lhs: FormFields, rhs: FormFields) -> Bool {
        lhs.pairs.map(\.name) == rhs.pairs.map(\.name) && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
    }
}
