import Foundation

/// Which leads a list or an export covers. Dates are calendar days in Asia/Shanghai, both ends included.
public struct LeadFilter: Sendable, Equatable {
    public var since: String?
    public var until: String?
    public var statuses: [LeadStatus] = []
    public var sources: [LeadSource] = []
    public var listingRef: String?
    /// A token name, or `none` for leads nobody follows up yet.
    public var assignee: String?
    /// Any spelling of a mobile number; finds the lead of that person.
    public var mobile: String?
    public var limit: Int = 50
    /// Continue a list after this lead id (lists are newest first).
    public var beforeID: Int64?

    public init() {}

    public static let unassigned = "none"

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
            check.fail("assignee", "must be a token name of at most 60 characters")
        }
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
