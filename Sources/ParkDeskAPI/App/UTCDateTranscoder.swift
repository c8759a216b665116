import Foundation
import OpenAPIRuntime

/// Dates on the wire as RFC 3339 UTC seconds ("2026-11-29T08:00:00Z"), the text the runtime's ISO 8601
/// transcoder writes, computed with integer arithmetic: the runtime's formatter (ICU behind one lock) was
/// ~5 % of the server's CPU on a search page. Reading dates is left to the runtime's transcoder.
struct UTCDateTranscoder: DateTranscoder {
    private let reader = ISO8601DateTranscoder()

    func encode(_ date: Date) throws -> String {
        // As the formatter: to the nearest millisecond, then the second that millisecond falls in.
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        guard abs(milliseconds) < 1e15 else { return try reader.encode(date) }
        let seconds = milliseconds >= 0 ? Int64(milliseconds) / 1000 : (Int64(milliseconds) - 999) / 1000
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (civil, second) =
            secondOfDay < 0 ? (Self.civil(days - 1), secondOfDay + 86_400) : (Self.civil(days), secondOfDay)
        guard (1...9999).contains(civil.year) else { return try reader.encode(date) }
        var text = ""
        text.reserveCapacity(20)
        Self.append(civil.year, width: 4, to: &text); text += "-"
        Self.append(civil.month, width: 2, to: &text); text += "-"
        Self.append(civil.day, width: 2, to: &text); text += "T"
        Self.append(second / 3600, width: 2, to: &text); text += ":"
        Self.append(second % 3600 / 60, width: 2, to: &text); text += ":"
        Self.append(second % 60, width: 2, to: &text); text += "Z"
        return text
    }

    func decode(_ text: String) throws -> Date { try reader.decode(text) }

    /// The proleptic Gregorian date of a day number counted from 1970-01-01 (H. Hinnant's civil_from_days).
    static func civil(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        text += String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
