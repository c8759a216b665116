public import Foundation

/// The days a report covers, in the office's zone (Asia/Shanghai, UTC+8 all year): a month (`2026-11`), a quarter
/// (`2026-Q4`), a year (`2026`), a day (`2026-11-30`) or days from–to (`2026-11-01..2026-11-15`, both included, at
/// most three years).
public struct ReportPeriod: Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable {
        case month, quarter, year, range
    }

    public let kind: Kind
    /// The first and the last day, as day numbers from 1970-01-01.
    public let firstDay, lastDay: Int64

    /// Seconds from UTC of the office's zone (China keeps no daylight saving time).
    public static let zoneOffset: Int64 = 8 * 3600
    public static let timeZone = "Asia/Shanghai"
    static let longestRange: Int64 = 3 * 366

    init(kind: Kind, firstDay: Int64, lastDay: Int64) {
        (self.kind, self.firstDay, self.lastDay) = (kind, firstDay, lastDay)
    }

    /// Reads a period as written on the command line, in a URL or in the console's form.
    public init(_ text: String) throws(ValidationFailed) {
        let text = text.trimmingCharacters(in: .whitespaces).uppercased()
        // the API's pattern: 2026, 2026-11, 2026-Q4, 2026-11-30, 2026-11-01..2026-11-15 (years 2000–2099)
        let shape =
            #/
            20[0-9]{2}
            ( -(0[1-9]|1[0-2])
                ( -(0[1-9]|[12][0-9]|3[01])
                    ( \.\. 20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]) )? )?
            | -Q[1-4] )?
            /#
        guard text.wholeMatch(of: shape) != nil else {
            throw ValidationFailed(
                "period",
                "'\(text.prefix(40))' is not a period: write 2026-11, 2026-Q4, 2026, 2026-11-30 or "
                    + "2026-11-01..2026-11-15")
        }
        let values = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int64($0) }
        let year = values[0]
        switch values.count {
        case 1 where text.count == 4:
            self.init(
                kind: .year, firstDay: CivilDate.day(year: year, month: 1, day: 1),
                lastDay: CivilDate.day(year: year + 1, month: 1, day: 1) - 1)
        case 2 where text.contains("Q"):
            guard (1...4).contains(values[1]) else { throw ValidationFailed("period", "a quarter is Q1–Q4") }
            let month = (values[1] - 1) * 3 + 1
            self.init(
                kind: .quarter, firstDay: CivilDate.day(year: year, month: month, day: 1),
                lastDay: Self.monthStart(year, month + 3) - 1)
        case 2:
            guard (1...12).contains(values[1]) else { throw ValidationFailed("period", "a month is 01–12") }
            self.init(
                kind: .month, firstDay: CivilDate.day(year: year, month: values[1], day: 1),
                lastDay: Self.monthStart(year, values[1] + 1) - 1)
        case 3, 6:
            guard let first = Self.day(values[0...2]), let last = Self.day(values[values.count - 3..<values.count])
            else {
                throw ValidationFailed("period", "a day of the range does not exist")
            }
            guard first <= last else { throw ValidationFailed("period", "the range ends before it begins") }
            guard last - first < Self.longestRange else {
                throw ValidationFailed("period", "a range covers at most three years")
            }
            self.init(kind: .range, firstDay: first, lastDay: last)
        default: preconditionFailure("the pattern admits no other shape")
        }
    }

    static func monthStart(_ year: Int64, _ month: Int64) -> Int64 {
        month > 12
            ? CivilDate.day(year: year + 1, month: month - 12, day: 1) : CivilDate.day(year: year, month: month, day: 1)
    }

    /// The day number of a written date, if that day exists (2026-02-30 does not).
    static func day(_ parts: ArraySlice<Int64>) -> Int64? {
        let (year, month, day) = (parts[parts.startIndex], parts[parts.startIndex + 1], parts[parts.startIndex + 2])
        guard (2000...2099).contains(year), (1...12).contains(month), (1...31).contains(day) else { return nil }
        let number = CivilDate.day(year: year, month: month, day: day)
        return CivilDate.of(day: number) == (year, month, day) ? number : nil
    }

    /// The month, quarter or year that `date` falls in (the console's first view and its shortcuts).
    public static func containing(_ date: Date, _ kind: Kind) -> ReportPeriod {
        let (year, month, _) = CivilDate.of(day: day(of: date))
        let first = kind == .year ? 1 : kind == .quarter ? (month - 1) / 3 * 3 + 1 : month
        let months: Int64 = kind == .year ? 12 : kind == .quarter ? 3 : 1
        return ReportPeriod(
            kind: kind, firstDay: CivilDate.day(year: year, month: first, day: 1),
            lastDay: monthStart(year, first + months) - 1)
    }

    /// The office's calendar day of an instant.
    public static func day(of date: Date) -> Int64 { dayAndSecond(of: date).day }

    /// The office's calendar day of an instant and the second of that day.
    static func dayAndSecond(of date: Date) -> (day: Int64, second: Int64) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + zoneOffset
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (day, seconds - day * 86_400)
    }

    /// Midnight at the start of `day` in the office's zone.
    public static func midnight(_ day: Int64) -> Date {
        Date(timeIntervalSince1970: TimeInterval(day * 86_400 - zoneOffset))
    }

    /// How the period is written back: `2026-11`, `2026-Q4`, `2026`, `2026-11-01..2026-11-15`.
    public var key: String {
        let (year, month, _) = CivilDate.of(day: firstDay)
        return switch kind {
        case .month: "\(year)-\(month < 10 ? "0" : "")\(month)"
        case .quarter: "\(year)-Q\((month - 1) / 3 + 1)"
        case .year: "\(year)"
        case .range: CivilDate.text(day: firstDay) + ".." + CivilDate.text(day: lastDay)
        }
    }

    /// The period in Chinese: 2026年11月, 2026年第4季度, 2026年, 2026-11-01 至 2026-11-15.
    public var label: String {
        let (year, month, _) = CivilDate.of(day: firstDay)
        return switch kind {
        case .month: "\(year)年\(month)月"
        case .quarter: "\(year)年第\((month - 1) / 3 + 1)季度"
        case .year: "\(year)年"
        case .range: CivilDate.text(day: firstDay) + " 至 " + CivilDate.text(day: lastDay)
        }
    }

    /// Midnight starting the first day, and midnight ending the last.
    public var start: Date { Self.midnight(firstDay) }
    public var end: Date { Self.midnight(lastDay + 1) }

    /// The instant the report's figures are taken at: the period's end, or `now` while the period runs.
    public func asOf(_ now: Date) -> Date { min(end, max(start, now)) }

    /// The period before this one of the same length (the console's "上一期" link).
    public var previous: ReportPeriod { shifted(by: -1) }
    public var next: ReportPeriod { shifted(by: 1) }

    func shifted(by step: Int64) -> ReportPeriod {
        let (year, month, _) = CivilDate.of(day: firstDay)
        switch kind {
        case .month, .quarter:
            let months = kind == .month ? step : 3 * step
            let index = year * 12 + (month - 1) + months
            let (newYear, newMonth) = (index / 12, index % 12 + 1)
            let first = CivilDate.day(year: newYear, month: newMonth, day: 1)
            return ReportPeriod(
                kind: kind, firstDay: first,
                lastDay: Self.monthStart(newYear, newMonth + (kind == .month ? 1 : 3)) - 1)
        case .year:
            return ReportPeriod(
                kind: .year, firstDay: CivilDate.day(year: year + step, month: 1, day: 1),
                lastDay: CivilDate.day(year: year + step + 1, month: 1, day: 1) - 1)
        case .range:
            let length = lastDay - firstDay + 1
            return ReportPeriod(kind: .range, firstDay: firstDay + step * length, lastDay: lastDay + step * length)
        }
    }

    /// A week (Monday to Sunday) of the period, cut to the period's days.
    public struct Week: Sendable, Equatable {
        /// The Monday the week starts on (perhaps before the period), its first and last day within the period.
        public let monday, firstDay, lastDay: Int64

        /// `11/02–11/08`.
        public var label: String {
            func short(_ day: Int64) -> String {
                let (_, month, dayOfMonth) = CivilDate.of(day: day)
                return "\(month)/\(dayOfMonth < 10 ? "0" : "")\(dayOfMonth)"
            }
            return firstDay == lastDay ? short(firstDay) : short(firstDay) + "–" + short(lastDay)
        }
    }

    /// The weeks the period touches, in order.
    public var weeks: [Week] {
        var weeks: [Week] = []
        var monday = Self.monday(of: firstDay)
        while monday <= lastDay {
            weeks.append(Week(monday: monday, firstDay: max(monday, firstDay), lastDay: min(monday + 6, lastDay)))
            monday += 7
        }
        return weeks
    }

    /// The Monday on or before `day` (1970-01-01 was a Thursday).
    public static func monday(of day: Int64) -> Int64 {
        let weekday = ((day + 3) % 7 + 7) % 7  // 0 = Monday
        return day - weekday
    }
}
