public import Foundation

/// What a results page shows of a listing: enough to render a card without loading the detail.
public struct ListingSummary: Sendable, Equatable {
    public var ref: String
    public var title: String
    public var kind: ListingKind
    public var deal: DealType
    public var status: ListingStatus
    public var districtKey: String
    public var districtName: String
    public var town: String?
    public var parkID: Int?
    public var parkName: String?
    public var buildingArea: Decimal?
    public var landArea: Decimal?
    public var priceAmount: Decimal?
    public var priceUnit: PriceUnit
    public var priceMonthlyPerM2: Decimal?
    public var priceTotalYuan: Decimal?
    public var craneCount: Int?
    public var craneTons: Decimal?
    public var standalone: Bool?
    public var singleStorey: Bool?
    public var features: [String]
    public var coverPhotoURL: String?
    public var latitude: Double?
    public var longitude: Double?
    /// Kilometres from the search's `near` point, when one was given.
    public var distanceKm: Double?
    public var updatedAt: Date

    public init(
        ref: String, title: String, kind: ListingKind, deal: DealType, status: ListingStatus,
        districtKey: String, districtName: String, town: String?, parkID: Int?, parkName: String?,
        buildingArea: Decimal?, landArea: Decimal?, priceAmount: Decimal?, priceUnit: PriceUnit,
        priceMonthlyPerM2: Decimal?, priceTotalYuan: Decimal?, craneCount: Int?, craneTons: Decimal?,
        standalone: Bool?, singleStorey: Bool?, features: [String], coverPhotoURL: String?,
        latitude: Double?, longitude: Double?, distanceKm: Double?, updatedAt: Date
    ) {
        self.ref = ref
        self.title = title
        self.kind = kind
        self.deal = deal
        self.status = status
        self.districtKey = districtKey
        self.districtName = districtName
        self.town = town
        self.parkID = parkID
        self.parkName = parkName
        self.buildingArea = buildingArea
        self.landArea = landArea
        self.priceAmount = priceAmount
        self.priceUnit = priceUnit
        self.priceMonthlyPerM2 = priceMonthlyPerM2
        self.priceTotalYuan = priceTotalYuan
        self.craneCount = craneCount
        self.craneTons = craneTons
        self.standalone = standalone
        self.singleStorey = singleStorey
        self.features = features
        self.coverPhotoURL = coverPhotoURL
        self.latitude = latitude
        self.longitude = longitude
        self.distanceKm = distanceKm
        self.updatedAt = updatedAt
    }
}

extension ListingSummary {
    /// A stored listing as a search result (no distance).
    public init(_ listing: Listing) {
        let f = listing.fields
        let building = f.spec.building
        self.init(
            ref: listing.ref, title: f.title, kind: f.kind, deal: f.deal, status: listing.status,
            districtKey: listing.districtKey, districtName: f.district, town: f.town, parkID: listing.parkID,
            parkName: f.park, buildingArea: building?.area, landArea: f.spec.land?.area, priceAmount: f.priceAmount,
            priceUnit: f.priceUnit, priceMonthlyPerM2: listing.priceMonthlyPerM2,
            priceTotalYuan: listing.priceTotalYuan, craneCount: building?.crane?.count,
            craneTons: building?.crane?.maxTons, standalone: building?.standalone,
            singleStorey: building?.singleStorey, features: f.features,
            coverPhotoURL: f.media.first { $0.kind == .photo }?.url, latitude: f.latitude, longitude: f.longitude,
            distanceKm: nil, updatedAt: listing.updatedAt)
    }
}

/// One page of search results, the cursor of the next page (if any) and, when asked, facet counts.
public struct ListingPage: Sendable, Equatable {
    public var items: [ListingSummary]
    public var nextCursor: ListingCursor?
    public var facets: ListingFacets?

    public init(items: [ListingSummary], nextCursor: ListingCursor?, facets: ListingFacets?) {
        (self.items, self.nextCursor, self.facets) = (items, nextCursor, facets)
    }
}

/// How many listings match the same filters, by kind, district and deal.
public struct ListingFacets: Sendable, Equatable {
    public var kinds: [ListingKind: Int]
    /// By district key.
    public var districts: [String: Int]
    /// District key → Chinese name, for the districts counted.
    public var districtNames: [String: String]
    public var deals: [DealType: Int]
    /// When the listings were counted only up to a bound and more match: the bound (the counts are then empty).
    public var beyond: Int?

    /// How many listings match, when counted.
    public var total: Int? { beyond == nil ? deals.values.reduce(0, +) : nil }

    /// Facets of more listings than `limit`: none counted.
    public init(beyond limit: Int) {
        self.init()
        beyond = limit
    }

    public init(
        kinds: [ListingKind: Int] = [:], districts: [String: Int] = [:], districtNames: [String: String] = [:],
        deals: [DealType: Int] = [:]
    ) {
        self.kinds = kinds
        self.districts = districts
        self.districtNames = districtNames
        self.deals = deals
    }
}
