public import Foundation

/// A listing as a row of the console's list: what a staff member scans for (status, kind, park, area, price,
/// last change, cover photo) without the listing's whole detail.
public struct ListingLine: Sendable, Equatable {
    public var ref: String
    public var title: String
    public var kind: ListingKind
    public var deal: DealType
    public var status: ListingStatus
    public var park: String?
    public var district: String
    /// Building or land area in m².
    public var area: Decimal
    public var priceAmount: Decimal?
    public var priceUnit: PriceUnit
    public var updatedAt: Date
    /// The first stored picture's SHA-256 (photos and plans, not certificates).
    public var cover: String?
    /// Active or pending and within 14 days of expiring for want of an update.
    public var expiresSoon: Bool

    public init(
        ref: String, title: String, kind: ListingKind, deal: DealType, status: ListingStatus, park: String?,
        district: String, area: Decimal, priceAmount: Decimal?, priceUnit: PriceUnit, updatedAt: Date,
        cover: String?, expiresSoon: Bool
    ) {
        (self.ref, self.title, self.kind, self.deal, self.status) = (ref, title, kind, deal, status)
        (self.park, self.district, self.area, self.priceAmount, self.priceUnit) =
            (park, district, area, priceAmount, priceUnit)
        (self.updatedAt, self.cover, self.expiresSoon) = (updatedAt, cover, expiresSoon)
    }
}

/// What the console's list shows: any status or some, a kind, a park or a member's parks, a district, words of
/// the title, description or address (or a ref), a page.
public struct ListingWorkFilter: Sendable, Hashable {
    public var statuses: [ListingStatus] = []
    public var kind: ListingKind?
    /// Park staff: only these parks' listings.
    public var parkScope: [Int]?
    public var parkID: Int?
    public var districtID: Int?
    public var text: String?
    public var offset = 0
    public var limit = 50
    /// Listings expire after this many days without an update (marked in their last 14).
    public var expireDays = 180

    public init() {}

    /// The filter without its statuses and page: what the counts per status depend on.
    public var counted: ListingWorkFilter {
        var counted = self
        (counted.statuses, counted.offset) = ([], 0)
        return counted
    }
}
