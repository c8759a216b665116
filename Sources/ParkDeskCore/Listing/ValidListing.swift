public import Foundation

/// A listing draft that passed every rule: required fields present, text NFC-normalised and trimmed,
/// 亩 converted to m², kind-specific fields only where they belong. The store writes exactly this.
public struct ValidListing: Sendable, Equatable {
    public var kind: ListingKind
    public var deal: DealType
    public var title: String
    public var description: String
    public var district: String
    public var town: String?
    public var park: String?
    public var address: String
    public var latitude: Double?
    public var longitude: Double?
    public var features: [String]
    public var contactName: String?
    public var contactPhone: String
    public var ownerType: OwnerType?
    public var availableFrom: String?
    public var buildingArea: Decimal?
    public var storeys: Int?
    public var floor: Int?
    public var standalone: Bool?
    public var singleStorey: Bool?
    public var clearHeight: Decimal?
    public var floorLoad: Decimal?
    public var craneCount: Int?
    public var craneTons: Decimal?
    public var powerKva: Int?
    public var fireRating: FireRating?
    public var divisibleMin: Decimal?
    public var landArea: Decimal?
    public var landNature: LandNature?
    public var plannedUse: String?
    public var tenureYears: Int?
    public var titleStatus: TitleStatus?
    public var plotRatio: Decimal?
    public var waterSource: String?
    public var allowedUses: [String]?
    public var priceAmount: Decimal?
    public var priceUnit: PriceUnit
    public var media: [MediaItem]

    public init(
        kind: ListingKind,
        deal: DealType,
        title: String,
        description: String,
        district: String,
        town: String?,
        park: String?,
        address: String,
        latitude: Double?,
        longitude: Double?,
        features: [String],
        contactName: String?,
        contactPhone: String,
        ownerType: OwnerType?,
        availableFrom: String?,
        buildingArea: Decimal?,
        storeys: Int?,
        floor: Int?,
        standalone: Bool?,
        singleStorey: Bool?,
        clearHeight: Decimal?,
        floorLoad: Decimal?,
        craneCount: Int?,
        craneTons: Decimal?,
        powerKva: Int?,
        fireRating: FireRating?,
        divisibleMin: Decimal?,
        landArea: Decimal?,
        landNature: LandNature?,
        plannedUse: String?,
        tenureYears: Int?,
        titleStatus: TitleStatus?,
        plotRatio: Decimal?,
        waterSource: String?,
        allowedUses: [String]?,
        priceAmount: Decimal?,
        priceUnit: PriceUnit,
        media: [MediaItem]
    ) {
        self.kind = kind
        self.deal = deal
        self.title = title
        self.description = description
        self.district = district
        self.town = town
        self.park = park
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.features = features
        self.contactName = contactName
        self.contactPhone = contactPhone
        self.ownerType = ownerType
        self.availableFrom = availableFrom
        self.buildingArea = buildingArea
        self.storeys = storeys
        self.floor = floor
        self.standalone = standalone
        self.singleStorey = singleStorey
        self.clearHeight = clearHeight
        self.floorLoad = floorLoad
        self.craneCount = craneCount
        self.craneTons = craneTons
        self.powerKva = powerKva
        self.fireRating = fireRating
        self.divisibleMin = divisibleMin
        self.landArea = landArea
        self.landNature = landNature
        self.plannedUse = plannedUse
        self.tenureYears = tenureYears
        self.titleStatus = titleStatus
        self.plotRatio = plotRatio
        self.waterSource = waterSource
        self.allowedUses = allowedUses
        self.priceAmount = priceAmount
        self.priceUnit = priceUnit
        self.media = media
    }
}

/// The office hotline, shown on listings that name no other contact.
public let officeHotline = "400 0123 021"

extension ListingDraft {
    /// Checks every rule and returns the clean listing, or throws all field errors at once.
    public func validated() throws(ValidationFailed) -> ValidListing {
        var check = FieldChecker()
        let kind = check.required(kind, "kind", "is required: one of \(ListingKind.choices)")
        let deal = check.required(deal, "deal", "is required: one of \(DealType.choices)")
        let title = check.text(title, "title", min: 2, max: 120)
        let district = check.text(district, "district", min: 1, max: 40)
        let unit = check.required(priceUnit, "priceUnit", "is required: one of \(PriceUnit.choices)")
        let building = kind?.isBuilding ?? true
        var landArea = check.positive(landArea, "landArea", max: 1_000_000_000)
        if let mu = check.positive(landAreaMu, "landAreaMu", max: 1_500_000) {
            if landArea != nil {
                check.fail("landAreaMu", "give the land area either in m² (landArea) or in 亩 (landAreaMu), not both")
            }
            landArea = DecimalText.rounded(mu * Area.squareMetresPerMu, scale: 2)
        }
        var result = ValidListing(
            kind: kind ?? .factory, deal: deal ?? .rent, title: title ?? "",
            description: check.optionalText(description, "description", max: 5000) ?? "",
            district: district ?? "",
            town: check.optionalText(town, "town", max: 40),
            park: check.optionalText(park, "park", max: 60),
            address: check.optionalText(address, "address", max: 200) ?? "",
            latitude: check.range(latitude, "latitude", -90...90),
            longitude: check.range(longitude, "longitude", -180...180),
            features: check.tags(features, "features", max: 30) ?? [],
            contactName: check.optionalText(contactName, "contactName", max: 40),
            contactPhone: check.phone(contactPhone, "contactPhone") ?? officeHotline,
            ownerType: ownerType,
            availableFrom: check.isoDate(availableFrom, "availableFrom"),
            buildingArea: check.positive(buildingArea, "buildingArea", max: 10_000_000),
            storeys: check.range(storeys, "storeys", 1...200),
            floor: check.range(floor, "floor", -5...200),
            standalone: standalone, singleStorey: singleStorey,
            clearHeight: check.positive(clearHeight, "clearHeight", max: 100),
            floorLoad: check.positive(floorLoad, "floorLoad", max: 100),
            craneCount: check.range(craneCount, "craneCount", 1...50),
            craneTons: check.positive(craneTons, "craneTons", max: 1000, scale: 1),
            powerKva: check.range(powerKva, "powerKva", 1...1_000_000),
            fireRating: fireRating,
            divisibleMin: check.positive(divisibleMin, "divisibleMin", max: 10_000_000),
            landArea: landArea,
            landNature: landNature,
            plannedUse: check.optionalText(plannedUse, "plannedUse", max: 100),
            tenureYears: check.range(tenureYears, "tenureYears", 1...99),
            titleStatus: titleStatus,
            plotRatio: check.positive(plotRatio, "plotRatio", max: 20),
            waterSource: check.optionalText(waterSource, "waterSource", max: 100),
            allowedUses: check.tags(allowedUses, "allowedUses", max: 10),
            priceAmount: check.positive(priceAmount, "priceAmount", max: 999_999_999_999),
            priceUnit: unit ?? .negotiable,
            media: check.media(media))
        if result.craneTons != nil && result.craneCount == nil && kind?.allowsCrane == true { result.craneCount = 1 }
        if let kind { check.kindRules(result, kind: kind, building: building) }
        if let deal, let unit { check.priceRules(result, deal: deal, unit: unit, kind: kind) }
        if (result.latitude == nil) != (result.longitude == nil) {
            check.fail(result.latitude == nil ? "latitude" : "longitude", "give latitude and longitude together")
        }
        if let floor = result.floor, let storeys = result.storeys, floor > storeys {
            check.fail("floor", "floor \(floor) is above the building's \(storeys) storeys")
        }
        if let divisible = result.divisibleMin, let area = result.buildingArea, divisible > area {
            check.fail("divisibleMin", "cannot be larger than the building area (\(area) m²)")
        }
        if !check.errors.isEmpty { throw ValidationFailed(check.errors) }
        return result
    }
}

/// The listing-specific rules.
extension FieldChecker {
    mutating func media(_ items: [MediaItem]?) -> [MediaItem] {
        guard let items else { return [] }
        if items.count > 100 { fail("media", "at most 100 items"); return [] }
        var clean: [MediaItem] = []
        for (index, item) in items.enumerated() {
            let url = item.url.trimmingWhitespace()
            let isWebAddress =
                (url.hasPrefix("https://") || url.hasPrefix("http://")) && url.count > 8
                && !url.contains(where: \.isWhitespace)
            if !isWebAddress || item.url.unicodeScalars.count > 2000 {
                fail("media[\(index)].url", "must be an http(s) address of at most 2000 characters")
            }
            let caption = Self.clean(item.caption) ?? ""
            if item.caption.unicodeScalars.count > 200 {
                fail("media[\(index)].caption", "must be at most 200 characters")
            }
            clean.append(MediaItem(kind: item.kind, url: url, caption: caption))
        }
        return clean
    }

    /// Building fields only on buildings, cranes only on factories and warehouses, land fields only on land.
    mutating func kindRules(_ listing: ValidListing, kind: ListingKind, building: Bool) {
        let kindName = "\(kind.rawValue) (\(kind.label))"
        let buildingFields: [(String, Bool)] = [
            ("buildingArea", listing.buildingArea != nil), ("storeys", listing.storeys != nil),
            ("floor", listing.floor != nil), ("standalone", listing.standalone != nil),
            ("singleStorey", listing.singleStorey != nil), ("clearHeight", listing.clearHeight != nil),
            ("floorLoad", listing.floorLoad != nil), ("powerKva", listing.powerKva != nil),
            ("fireRating", listing.fireRating != nil), ("divisibleMin", listing.divisibleMin != nil),
        ]
        let craneFields = [("craneTons", listing.craneTons != nil), ("craneCount", listing.craneCount != nil)]
        let landFields: [(String, Bool)] = [
            ("landArea", listing.landArea != nil), ("landNature", listing.landNature != nil),
            ("plannedUse", listing.plannedUse != nil), ("tenureYears", listing.tenureYears != nil),
            ("titleStatus", listing.titleStatus != nil), ("plotRatio", listing.plotRatio != nil),
        ]
        let farmFields = [("waterSource", listing.waterSource != nil), ("allowedUses", listing.allowedUses != nil)]
        if building {
            if listing.buildingArea == nil { fail("buildingArea", "is required for a \(kindName)") }
            for (name, isSet) in landFields + farmFields where isSet { fail(name, "does not apply to a \(kindName)") }
            if !kind.allowsCrane {
                for (name, isSet) in craneFields where isSet {
                    fail(name, "does not apply to a \(kindName): only factories and warehouses have cranes")
                }
            }
        } else {
            if listing.landArea == nil {
                fail("landArea", "is required for \(kindName): give landArea (m²) or landAreaMu (亩)")
            }
            for (name, isSet) in buildingFields + craneFields where isSet {
                fail(name, "does not apply to \(kindName)")
            }
            if kind != .farmland {
                for (name, isSet) in farmFields where isSet { fail(name, "applies to farmland (农用地) only") }
            }
        }
    }

    /// 面议 has no amount, other units need one; sales are priced as totals, rents per period.
    mutating func priceRules(_ listing: ValidListing, deal: DealType, unit: PriceUnit, kind: ListingKind?) {
        if unit == .negotiable && listing.priceAmount != nil {
            fail("priceAmount", "must be empty when the price is negotiable (面议)")
        }
        if unit != .negotiable && listing.priceAmount == nil && !errors.contains(where: { $0.field == "priceAmount" }) {
            fail(
                "priceAmount",
                "is required with price unit \(unit.rawValue) (\(unit.label)); use negotiable (面议) for no price")
        }
        if deal == .sale && unit.isPeriodic {
            fail("priceUnit", "a sale (出售) is priced as a total: wan-yuan-total (万元) or negotiable (面议)")
        }
        if deal == .rent && unit == .wanYuanTotal {
            fail("priceUnit", "a rent (出租) is priced per period, not as a total (万元)")
        }
        if unit == .yuanPerMuYear && kind?.isBuilding == true {
            fail("priceUnit", "元/亩/年 applies to land only")
        }
    }
}
