public import Foundation

/// A stored listing: the validated fields plus what the office's system adds (ref, status, version,
/// timestamps, the resolved district and park, and the comparable price figures).
public struct Listing: Sendable, Equatable {
    public var id: Int64
    public var ref: String
    public var status: ListingStatus
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The listing's fields; `district` holds the district's Chinese name, `park` the park's name.
    public var fields: ValidListing
    public var districtKey: String
    public var cityCode: String
    public var parkID: Int?
    /// Rent as 元 per m² per month (a month is 30 days, 1 亩 = 666.67 m²); `nil` for sales and 面议.
    public var priceMonthlyPerM2: Decimal?
    /// Sale or transfer price in 元; `nil` for rents and 面议.
    public var priceTotalYuan: Decimal?

    public init(
        id: Int64, ref: String, status: ListingStatus, version: Int, createdAt: Date, updatedAt: Date,
        fields: ValidListing, districtKey: String, cityCode: String, parkID: Int?,
        priceMonthlyPerM2: Decimal?, priceTotalYuan: Decimal?
    ) {
        self.id = id
        self.ref = ref
        self.status = status
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.fields = fields
        self.districtKey = districtKey
        self.cityCode = cityCode
        self.parkID = parkID
        self.priceMonthlyPerM2 = priceMonthlyPerM2
        self.priceTotalYuan = priceTotalYuan
    }
}

/// Filters for listing listings (admin view: every status unless one is given).
public struct ListingFilter: Sendable, Equatable {
    public var kinds: [ListingKind] = []
    public var deal: DealType?
    public var statuses: [ListingStatus] = []
    /// District key, name or alias.
    public var district: String?
    /// Park name or id.
    public var park: String?
    public var minArea: Decimal?
    public var maxArea: Decimal?
    public var limit: Int = 100

    public init() {}
}

extension Listing {
    /// The listing as the public sees it: without stored certificates and PDFs, which are for staff only.
    public var forThePublic: Listing {
        var shown = self
        shown.fields.media = fields.media.filter(\.isPublic)
        return shown
    }
}
