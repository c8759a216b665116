public import Foundation

/// A lead as entered: from the website form, the admin API or `parkdesk lead add`. Every field may be
/// missing or wrong; `validated()` reports all wrong fields at once.
public struct LeadDraft: Sendable, Equatable {
    // the need (需求)
    public var kinds: [ListingKind]?
    public var deal: DealType?
    /// m² (or 亩 with `areaInMu`)
    public var minArea: Decimal?
    public var maxArea: Decimal?
    public var areaInMu: Bool = false
    public var budget: Decimal?
    public var budgetUnit: PriceUnit?
    public var districts: [String]?
    public var parks: [String]?
    public var minCraneTons: Decimal?
    public var moveIn: String?
    public var needText: String?
    // the project
    public var intendedUse: String?
    public var expectedTax: Decimal?
    public var investment: Decimal?
    // who
    public var company: String?
    public var creditCode: String?
    public var contactName: String?
    public var mobile: String?
    public var landline: String?
    public var wechat: String?
    public var email: String?
    public var message: String?
    // where from
    public var listingRef: String?
    public var source: LeadSource?
    public var campaign: String?
    public var consentVersion: String?

    public init() {}

    /// Checks every rule and normalises: NFC text, 11-digit mobile, capital credit code, 亩 → m².
    public func validated() throws(ValidationFailed) -> ValidLead {
        var check = FieldChecker()
        let source = check.required(source, "source", "is required: one of \(LeadSource.choices)") ?? .web
        let factor = areaInMu ? Area.squareMetresPerMu : 1
        let maxAreaValue: Decimal = areaInMu ? 1_500_000 : 1_000_000_000
        let minArea = check.positive(minArea, "minArea", max: maxAreaValue).map {
            DecimalText.rounded($0 * factor, scale: 2)
        }
        let maxArea = check.positive(maxArea, "maxArea", max: maxAreaValue).map {
            DecimalText.rounded($0 * factor, scale: 2)
        }
        if let minArea, let maxArea, minArea > maxArea { check.fail("maxArea", "must not be smaller than minArea") }
        var lead = ValidLead(
            kinds: Array(Set(kinds ?? [])).sorted { $0.rawValue < $1.rawValue },
            deal: deal, minArea: minArea, maxArea: maxArea,
            budget: check.positive(budget, "budget", max: 1_000_000_000_000),
            budgetUnit: budgetUnit,
            districts: check.tags(districts, "districts", max: 20, maxLength: 40) ?? [],
            parks: check.tags(parks, "parks", max: 20, maxLength: 60) ?? [],
            minCraneTons: check.positive(minCraneTons, "minCraneTons", max: 1000, scale: 1),
            moveIn: check.isoDate(moveIn, "moveIn"),
            needText: check.optionalText(needText, "needText", max: 2000),
            intendedUse: check.optionalText(intendedUse, "intendedUse", max: 200),
            expectedTax: check.amount(expectedTax, "expectedTax"),
            investment: check.amount(investment, "investment"),
            company: check.optionalText(company, "company", max: 200),
            creditCode: nil,
            contactName: check.text(contactName, "contactName", min: 1, max: 60),
            mobile: nil,
            landline: check.phone(landline, "landline"),
            wechat: check.optionalText(wechat, "wechat", max: 60),
            email: check.optionalText(email, "email", max: 254),
            message: check.optionalText(message, "message", max: 2000),
            // exactly as sent (an empty one, from a form, means none): a ref is not free text to tidy up
            listingRef: listingRef.flatMap { $0.isEmpty ? nil : $0.uppercased() },
            source: source,
            campaign: check.optionalText(campaign, "campaign", max: 100),
            consentVersion: check.optionalText(consentVersion, "consentVersion", max: 40))
        if (kinds?.count ?? 0) > ListingKind.allCases.count {
            check.fail("kinds", "at most \(ListingKind.allCases.count) kinds")
        }
        if lead.budget != nil && lead.budgetUnit == nil {
            check.fail(
                "budgetUnit",
                "is required with a budget: yuan-per-m2-month (元/㎡/月) for rent, wan-yuan-total (万元) to buy")
        }
        if let unit = lead.budgetUnit, unit != .yuanPerM2Month && unit != .wanYuanTotal {
            check.fail("budgetUnit", "must be yuan-per-m2-month (元/㎡/月) or wan-yuan-total (万元)")
        }
        if lead.budget == nil { lead.budgetUnit = nil }
        if let raw = mobile, !raw.trimmingWhitespace().isEmpty {
            if let digits = MobileNumber.normalise(raw) {
                lead.mobile = digits
            } else {
                check.fail("mobile", MobileNumber.rule + "; got '\(raw.prefix(40))'")
            }
        } else {
            check.fail("mobile", "is required: " + MobileNumber.rule)
        }
        if let raw = creditCode, !raw.trimmingWhitespace().isEmpty {
            switch CreditCode.validate(raw) {
            case .success(let code): lead.creditCode = code
            case .failure(let error): check.errors.append(error)
            }
        }
        if let email = lead.email, !Self.looksLikeEmail(email) {
            check.fail("email", "must be an e-mail address like name@example.cn")
        }
        if let ref = lead.listingRef, !ListingRef.isWellFormed(ref) {
            check.fail("listingRef", "must look like XT-2026-000123 (city code, year, number)")
        }
        if self.source == .web && lead.consentVersion == nil {
            check.fail(
                "consentVersion", "is required for web leads: the version of the privacy notice the person agreed to")
        }
        if !check.errors.isEmpty { throw ValidationFailed(check.errors) }
        return lead
    }

    static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !text.contains(where: \.isWhitespace)
    }
}

extension FieldChecker {
    /// 万元 amounts such as tax and investment: zero or more, two decimals.
    mutating func amount(_ value: Decimal?, _ field: String) -> Decimal? {
        guard let value else { return nil }
        if value < 0 { fail(field, "must not be negative (万元)"); return nil }
        if value > 1_000_000_000 { fail(field, "must be at most 1000000000 (万元)"); return nil }
        if DecimalText.rounded(value, scale: 2) != value {
            fail(field, "must have at most 2 decimal places"); return nil
        }
        return value
    }
}
