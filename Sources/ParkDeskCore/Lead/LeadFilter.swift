import Foundation

/// Which leads a list or an export covers. Dates are calendar days in Asia/Shanghai, both ends included.
public struct LeadFilter: Sendable, Equatable {
    public var since: String?
    public var until: String?
    public var statuses: [LeadStatus] = []
    public var sources: [LeadSource] = []
    public var listingRef: String?
    /// A staff login, or `none` for leads nobody follows up yet.
    public var assignee: String?
    /// Only leads that concern one of these parks (a park member's own; set by the policy, not by the caller).
    public var parkScope: [Int]?
    /// Leads that concern this park.
    public var parkID: Int?
    /// Words of a name or a company, or digits of a mobile number in any grouping ("138 1234", "5678").
    public var text: String?
    /// Open leads nobody changed for this many days.
    public var untouchedDays: Int?
    /// Any spelling of a mobile number; finds the lead of that person.
    public var mobile: String?
    public var limit: Int = 50
    /// Continue a list after this lead id (lists are newest first).
    public var beforeID: Int64?

    public init() {}

    public static let unassigned = "none"

    /// The search text as a `LIKE` pattern that finds it anywhere (its `%`, `_` and `\\` taken literally).
    public var textPattern: String? {
        text.map {
            "%"
                + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
        }
    }

    /// The digits of a search that reads as (part of) a phone number: 4 or more digits, nothing else but spaces
    /// and dashes.
    public var mobileDigits: String? {
        guard let text else { return nil }
        let digits = text.filter(\.isASCII).filter(\.isNumber)
        guard digits.count >= 4, text.allSatisfy({ $0.isNumber || $0 == " " || $0 == "-" || $0 == "+" }) else {
            return nil
        }
        return String(digits.hasPrefix("86") && digits.count == 13 ? digits.dropFirst(2) : Substring(digits))
    }

    /// Checks dates, the mobile number and the limit; returns the filter with the mobile as 11 digits.
    public func validated(maxLimit: Int = 500) throws(ValidationFailed) -> LeadFilter {
        var check = FieldChecker()
        var result = self
        for (name, value) in [("since", since), ("until", until)] where value?.trimmingWhitespace().isEmpty == true {
            check.fail(name, "must be a date YYYY-MM-DD")
        }
        result.since = check.isoDate(since, "since", years: FieldChecker.anyYear)
        result.until = check.isoDate(until, "until", years: FieldChecker.anyYear)
        if let since = result.since, let until = result.until, since > until {
            check.fail("until", "must not be before since")
        }
        if let mobile, !mobile.trimmingWhitespace().isEmpty {
            result.mobile = MobileNumber.normalise(mobile)
            if result.mobile == nil { check.fail("mobile", MobileNumber.rule) }
        } else {
            result.mobile = nil
        }
        // given means checked, empty included: a filter that silently matched everything would mislead
        if let ref = listingRef?.uppercased() {
            result.listingRef = ref
            if !ListingRef.isWellFormed(ref) { check.fail("listing", "must look like XT-2026-000123") }
        }
        if let assignee, assignee.unicodeScalars.count > 60 {
            check.fail("assignee", "must be a staff login of at most 60 characters")
        }
        result.text = check.optionalText(text, "q", max: 60)
        if let days = untouchedDays, !(1...3650).contains(days) { check.fail("untouched", "must be 1–3650 days") }
        if statuses.count > LeadStatus.allCases.count {
            check.fail("status", "at most \(LeadStatus.allCases.count) statuses")
        }
        if sources.count > LeadSource.allCases.count {
            check.fail("source", "at most \(LeadSource.allCases.count) sources")
        }
        if !(1...maxLimit).contains(limit) { check.fail("limit", "must be between 1 and \(maxLimit)") }
        if !check.errors.isEmpty { throw ValidationFailed(check.errors) }
        return result
    }
}
