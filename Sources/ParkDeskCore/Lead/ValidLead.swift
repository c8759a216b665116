public import Foundation

/// A lead's fields after every rule passed: the need, the project, who to call, and where it came from.
/// Districts and parks are still names here; the store resolves them.
public struct ValidLead: Sendable, Equatable {
    public var kinds: [ListingKind]
    public var deal: DealType?
    public var minArea: Decimal?
    public var maxArea: Decimal?
    public var budget: Decimal?
    public var budgetUnit: PriceUnit?
    public var districts: [String]
    public var parks: [String]
    public var minCraneTons: Decimal?
    public var moveIn: String?
    public var needText: String?
    public var intendedUse: String?
    public var expectedTax: Decimal?
    public var investment: Decimal?
    public var company: String?
    public var creditCode: String?
    public var contactName: String?
    public var mobile: String?
    public var landline: String?
    public var wechat: String?
    public var email: String?
    public var message: String?
    public var listingRef: String?
    public var source: LeadSource
    public var campaign: String?
    public var consentVersion: String?

    public init(
        kinds: [ListingKind] = [], deal: DealType? = nil, minArea: Decimal? = nil, maxArea: Decimal? = nil,
        budget: Decimal? = nil, budgetUnit: PriceUnit? = nil, districts: [String] = [], parks: [String] = [],
        minCraneTons: Decimal? = nil, moveIn: String? = nil, needText: String? = nil, intendedUse: String? = nil,
        expectedTax: Decimal? = nil, investment: Decimal? = nil, company: String? = nil, creditCode: String? = nil,
        contactName: String? = nil, mobile: String? = nil, landline: String? = nil, wechat: String? = nil,
        email: String? = nil, message: String? = nil, listingRef: String? = nil, source: LeadSource,
        campaign: String? = nil, consentVersion: String? = nil
    ) {
        self.kinds = kinds
        self.deal = deal
        self.minArea = minArea
        self.maxArea = maxArea
        self.budget = budget
        self.budgetUnit = budgetUnit
        self.districts = districts
        self.parks = parks
        self.minCraneTons = minCraneTons
        self.moveIn = moveIn
        self.needText = needText
        self.intendedUse = intendedUse
        self.expectedTax = expectedTax
        self.investment = investment
        self.company = company
        self.creditCode = creditCode
        self.contactName = contactName
        self.mobile = mobile
        self.landline = landline
        self.wechat = wechat
        self.email = email
        self.message = message
        self.listingRef = listingRef
        self.source = source
        self.campaign = campaign
        self.consentVersion = consentVersion
    }
}
