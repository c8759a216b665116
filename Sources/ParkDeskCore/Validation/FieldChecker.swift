import Foundation

/// Collects field errors while normalising values, so that a form or request learns every wrong field at once.
struct FieldChecker {
    var errors: [FieldError] = []

    mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    mutating func required<T>(_ value: T?, _ field: String, _ message: String) -> T? {
        if value == nil { fail(field, message) }
        return value
    }

    /// Required text: NFC, trimmed, length in characters between min and max.
    mutating func text(_ value: String?, _ field: String, min: Int, max: Int) -> String? {
        guard let raw = value, let value = Self.clean(value), !value.isEmpty else {
            fail(field, "is required")
            return nil
        }
        return lengthChecked(value, raw: raw, field, min: min, max: max)
    }

    mutating func optionalText(_ value: String?, _ field: String, max: Int) -> String? {
        guard let raw = value, let value = Self.clean(value), !value.isEmpty else { return nil }
        return lengthChecked(value, raw: raw, field, min: 1, max: max)
    }

    /// Lengths count Unicode code points, as PostgreSQL's `char_length` and JSON Schema's `maxLength` do;
    /// the limit applies to the text as given and as stored (NFC, trimmed).
    private mutating func lengthChecked(_ value: String, raw: String, _ field: String, min: Int, max: Int) -> String? {
        let length = value.unicodeScalars.count
        if length < min { fail(field, "must be at least \(min) characters"); return nil }
        if Swift.max(length, raw.unicodeScalars.count) > max {
            fail(field, "must be at most \(max) characters (got \(raw.unicodeScalars.count))"); return nil
        }
        if value.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control && !"\n\r\t".unicodeScalars.contains($0)
        }) {
            fail(field, "must not contain control characters"); return nil
        }
        return value
    }

    static func clean(_ value: String?) -> String? {
        value.map { $0.precomposedStringWithCanonicalMapping.trimmingWhitespace() }
    }

    mutating func positive(_ value: Decimal?, _ field: String, max: Decimal, scale: Int = 2) -> Decimal? {
        guard let value else { return nil }
        if value <= 0 { fail(field, "must be greater than 0"); return nil }
        if value > max { fail(field, "must be at most \(max)"); return nil }
        if DecimalText.rounded(value, scale: scale) != value {
            fail(field, "must have at most \(scale) decimal places"); return nil
        }
        return value
    }

    mutating func range<T: Comparable>(_ value: T?, _ field: String, _ range: ClosedRange<T>) -> T? {
        guard let value else { return nil }
        guard range.contains(value) else {
            fail(field, "must be between \(range.lowerBound) and \(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func tags(_ values: [String]?, _ field: String, max: Int, maxLength: Int = 20) -> [String]? {
        guard let values else { return nil }
        var seen: [String] = []
        for raw in values {
            guard let tag = Self.clean(raw), !tag.isEmpty else { fail(field, "entries must not be empty"); return nil }
            if raw.unicodeScalars.count > maxLength {
                fail(field, "each entry must be at most \(maxLength) characters ('\(tag.prefix(20))…')"); return nil
            }
            if !seen.contains(tag) { seen.append(tag) }
        }
        if seen.count > max { fail(field, "at most \(max) entries"); return nil }
        return seen
    }

    mutating func phone(_ value: String?, _ field: String) -> String? {
        guard let value = Self.clean(value), !value.isEmpty else { return nil }
        let allowed = value.allSatisfy { $0.isASCIIDigit || " +()-".contains($0) }
        guard allowed, (5...20).contains(value.count), value.contains(where: \.isASCIIDigit) else {
            fail(field, "must be a phone number of 5–20 digits, spaces, +, (, ) or -")
            return nil
        }
        return value
    }

    /// A date exactly as `YYYY-MM-DD` (a given but empty or padded one is wrong too, as the contract says) in
    /// `years`: a record's dates lie in 1900–2199 (a typed 0202 is a typo); a filter takes any day.
    mutating func isoDate(_ value: String?, _ field: String, years: ClosedRange<Int> = 1900...2199) -> String? {
        guard let value else { return nil }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            years.contains(year), (1...12).contains(month),
            (1...Self.days(inMonth: month, year: year)).contains(day)
        else {
            let range = years == Self.anyYear ? "" : " from \(years.lowerBound) to \(years.upperBound)"
            fail(field, "must be a date YYYY-MM-DD" + range)
            return nil
        }
        return value
    }

    /// The years PostgreSQL's `date` and the contract's `format: date` share.
    static let anyYear = 1...9999

    private static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
