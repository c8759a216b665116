public import Foundation

/// A listing draft that passed every rule: required fields present, text NFC-normalised and trimmed,
/// 亩 converted to m², and the kind's own facts in `spec`. The store writes exactly this.
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
    public var priceAmount: Decimal?
    public var priceUnit: PriceUnit
    public var media: [MediaItem]
    /// The building, land or farmland facts; its shape follows `kind`.
    public var spec: ListingSpec

    /// Building area for buildings, land area for land, in m².
    public var area: Decimal { spec.building?.area ?? spec.land?.area ?? 0 }

    /// Builds a listing from trusted parts (a stored row); input goes through `ListingDraft.validated()`.
    public init(kind: ListingKind, deal: DealType, title: String, spec: ListingSpec, priceUnit: PriceUnit) {
        (self.kind, self.deal, self.title, self.spec, self.priceUnit) = (kind, deal, title, spec, priceUnit)
        (description, district, address, features, contactPhone, media) = ("", "", "", [], officeHotline, [])
    }

    /// The listing as a draft, the base an edit is merged onto.
    public var draft: ListingDraft {
        var d = ListingDraft()
        d.kind = kind; d.deal = deal; d.title = title; d.description = description
        d.district = district; d.town = town; d.park = park; d.address = address
        d.latitude = latitude; d.longitude = longitude; d.features = features
        d.contactName = contactName; d.contactPhone = contactPhone; d.ownerType = ownerType
        d.availableFrom = availableFrom; d.priceAmount = priceAmount; d.priceUnit = priceUnit; d.media = media
        spec.fill(&d)
        return d
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
        var input = self
        input.landArea = check.landArea(self)
        input.landAreaMu = nil
        let spec = check.spec(input, kind: kind)
        var result = ValidListing(
            kind: kind ?? .factory, deal: deal ?? .rent, title: title ?? "",
            spec: spec ?? .building(BuildingSpec(area: 0)), priceUnit: unit ?? .negotiable)
        result.description = check.optionalText(description, "description", max: 5000) ?? ""
        result.district = district ?? ""
        result.town = check.optionalText(town, "town", max: 40)
        result.park = check.optionalText(park, "park", max: 60)
        result.address = check.optionalText(address, "address", max: 200) ?? ""
        result.latitude = check.range(latitude, "latitude", -90...90)
        result.longitude = check.range(longitude, "longitude", -180...180)
        result.features = check.tags(features, "features", max: 30) ?? []
        result.contactName = check.optionalText(contactName, "contactName", max: 40)
        result.contactPhone = check.phone(contactPhone, "contactPhone") ?? officeHotline
        result.ownerType = ownerType
        result.availableFrom = check.isoDate(availableFrom, "availableFrom")
        result.priceAmount = check.positive(priceAmount, "priceAmount", max: 999_999_999_999)
        result.media = check.media(media)
        if let deal, let unit { check.priceRules(result, deal: deal, unit: unit, kind: kind) }
        if (result.latitude == nil) != (result.longitude == nil) {
            check.fail(result.latitude == nil ? "latitude" : "longitude", "give latitude and longitude together")
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
            let caption = Self.clean(item.caption) ?? ""
            if item.caption.unicodeScalars.count > 200 {
                fail("media[\(index)].caption", "must be at most 200 characters")
            }
            if let file = item.file {
                // a stored file, kept by its SHA-256 (the store checks that it exists)
                if !StoredFile.isWellFormed(file) { fail("media[\(index)].file", "must be a file's SHA-256 (64 hex)") }
                clean.append(MediaItem(kind: item.kind, url: "", caption: caption, file: file))
                continue
            }
            let url = item.url.trimmingWhitespace()
            let isWebAddress =
                (url.hasPrefix("https://") || url.hasPrefix("http://")) && url.count > 8
                && !url.contains(where: \.isWhitespace)
            if !isWebAddress || item.url.unicodeScalars.count > 2000 {
                fail("media[\(index)].url", "must be an http(s) address of at most 2000 characters, or give a file")
            }
            clean.append(MediaItem(kind: item.kind, url: url, caption: caption))
        }
        return clean
    }

    /// The land area in m², from `landArea` or from `landAreaMu` (亩), not both.
    mutating func landArea(_ d: ListingDraft) -> Decimal? {
        let squareMetres = positive(d.landArea, "landArea", max: 1_000_000_000)
        guard let mu = positive(d.landAreaMu, "landAreaMu", max: 1_500_000) else { return squareMetres }
        if squareMetres != nil {
            fail("landAreaMu", "give the land area either in m² (landArea) or in 亩 (landAreaMu), not both")
        }
        return DecimalText.rounded(mu * Area.squareMetresPerMu, scale: 2)
    }

    /// The kind's spec from the draft (land area already in m²). Every field is range-checked whatever the
    /// kind; fields of another shape are refused by name, and only factories and warehouses have cranes.
    mutating func spec(_ d: ListingDraft, kind: ListingKind?) -> ListingSpec? {
        let building = buildingSpec(d)
        let land = landSpec(d)
        let waterSource = optionalText(d.waterSource, "waterSource", max: 100)
        let allowedUses = tags(d.allowedUses, "allowedUses", max: 10)
        guard let kind else { return nil }
        let kindName = "\(kind.rawValue) (\(kind.label))"
        if kind.isBuilding {
            if d.buildingArea == nil { fail("buildingArea", "is required for a \(kindName)") }
            refuse(d, ListingField.landFields + ListingField.farmlandFields, "does not apply to a \(kindName)")
            if !kind.allowsCrane {
                refuse(
                    d, ListingField.craneFields,
                    "does not apply to a \(kindName): only factories and warehouses have cranes")
            }
            return building.map { .building($0) }
        }
        if d.landArea == nil { fail("landArea", "is required for \(kindName): give landArea (m²) or landAreaMu (亩)") }
        refuse(d, ListingField.buildingFields + ListingField.craneFields, "does not apply to \(kindName)")
        guard kind == .farmland else {
            refuse(d, ListingField.farmlandFields, "applies to farmland (农用地) only")
            return land.map { .land($0) }
        }
        return land.map { .farmland(FarmlandSpec(land: $0, waterSource: waterSource, allowedUses: allowedUses)) }
    }

    private mutating func refuse(_ d: ListingDraft, _ fields: [ListingField], _ message: String) {
        for field in fields where d.isSet(field) { fail(field.rawValue, message) }
    }

    /// The building facts, checked; `nil` without a building area.
    private mutating func buildingSpec(_ d: ListingDraft) -> BuildingSpec? {
        let area = positive(d.buildingArea, "buildingArea", max: 10_000_000)
        let storeys = range(d.storeys, "storeys", 1...200)
        let floor = range(d.floor, "floor", -5...200)
        if let floor, let storeys, floor > storeys {
            fail("floor", "floor \(floor) is above the building's \(storeys) storeys")
        }
        let divisibleMin = positive(d.divisibleMin, "divisibleMin", max: 10_000_000)
        if let divisibleMin, let area, divisibleMin > area {
            fail("divisibleMin", "cannot be larger than the building area (\(area) m²)")
        }
        let craneCount = range(d.craneCount, "craneCount", 1...50)
        let craneTons = positive(d.craneTons, "craneTons", max: 1000, scale: 1)
        let crane = (craneCount ?? craneTons.map { _ in 1 }).map { Crane(count: $0, maxTons: craneTons) }
        let spec = BuildingSpec(
            area: area ?? 0, storeys: storeys, floor: floor, standalone: d.standalone, singleStorey: d.singleStorey,
            clearHeight: positive(d.clearHeight, "clearHeight", max: 100),
            floorLoad: positive(d.floorLoad, "floorLoad", max: 100), crane: crane,
            powerKva: range(d.powerKva, "powerKva", 1...1_000_000), fireRating: d.fireRating,
            divisibleMin: divisibleMin)
        return area == nil ? nil : spec
    }

    /// The land facts, checked; `nil` without a land area.
    private mutating func landSpec(_ d: ListingDraft) -> LandSpec? {
        let spec = LandSpec(
            area: d.landArea ?? 0, nature: d.landNature,
            plannedUse: optionalText(d.plannedUse, "plannedUse", max: 100),
            tenureYears: range(d.tenureYears, "tenureYears", 1...99), titleStatus: d.titleStatus,
            plotRatio: positive(d.plotRatio, "plotRatio", max: 20))
        return d.landArea == nil ? nil : spec
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
