import Foundation
import OpenAPIRuntime
import ParkDeskCore

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
            secondOfDay < 0
            ? (CivilDate.of(day: days - 1), secondOfDay + 86_400) : (CivilDate.of(day: days), secondOfDay)
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

    private static func append(_ value: Int64, width: Int, to text: inout String) {
        let digits = String(value)
        text += String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
