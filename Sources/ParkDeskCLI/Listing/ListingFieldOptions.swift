import ArgumentParser
import Foundation
import ParkDeskCore

/// Every listing field as a flag (`--building-area 4000`); enums take the English key or the Chinese
/// label (`--kind 厂房`), areas take m² or 亩 (`--land-area 30亩`), `--price 面议` means negotiable.
struct ListingFieldOptions: ParsableArguments {
    @Option(help: "factory|warehouse|office|industrial-land|commercial-land|collective-land|farmland, or 厂房 …") var kind: String?
    @Option(help: "rent|sale|transfer, or 出租|出售|转让.") var deal: String?
    @Option(help: "Title, 2–120 characters.") var title: String?
    @Option(help: "Description, up to 5000 characters.") var description: String?
    @Option(help: "District key, name or alias (雨湖区, 易俗河, xiangtan-etdz …).") var district: String?
    @Option(help: "Town or street (镇/街道).") var town: String?
    @Option(help: "Industrial park name or id.") var park: String?
    @Option(help: "Street address.") var address: String?
    @Option(help: "Latitude (−90…90).") var latitude: Double?
    @Option(help: "Longitude (−180…180).") var longitude: Double?
    @Option(help: "Comma-separated features: 独门独院,停车方便,可环评 …") var features: String?
    @Option(help: "Contact person shown to the public.") var contactName: String?
    @Option(help: "Contact phone shown to the public (default the hotline 400 0123 021).") var contactPhone: String?
    @Option(help: "owner|park|agent, or 业主自建|园区|中介.") var ownerType: String?
    @Option(help: "Available from, YYYY-MM-DD.") var availableFrom: String?
    @Option(help: "Building area in m² (e.g. 4000 or 4000㎡).") var buildingArea: String?
    @Option(help: "Number of storeys.") var storeys: Int?
    @Option(help: "Floor of the unit in a multi-storey building.") var floor: Int?
    @Flag(inversion: .prefixedNo, help: "Standalone building (独栋).") var standalone: Bool?
    @Flag(inversion: .prefixedNo, help: "Single-storey (单层).") var singleStorey: Bool?
    @Option(help: "Clear height in m.") var clearHeight: String?
    @Option(help: "Floor load in t/m².") var floorLoad: String?
    @Option(help: "Number of overhead cranes (行车); defaults to 1 when --crane-tons is given.") var craneCount: Int?
    @Option(help: "Largest crane capacity in tonnes (e.g. 16).") var craneTons: String?
    @Option(help: "Power capacity in kVA.") var powerKva: Int?
    @Option(help: "Fire rating A–E or 甲乙丙丁戊.") var fireRating: String?
    @Option(help: "Divisible down to this many m² (可分割).") var divisibleMin: String?
    @Option(help: "Land area in m², or in 亩 with the suffix (30亩).") var landArea: String?
    @Option(help: "state|collective, or 国有|集体.") var landNature: String?
    @Option(help: "Planned use of the land.") var plannedUse: String?
    @Option(help: "Tenure or lease term in years.") var tenureYears: Int?
    @Option(help: "certified|public-notice|in-process|none, or 有产权证|权属公示中 ….") var titleStatus: String?
    @Option(help: "Plot ratio (容积率).") var plotRatio: String?
    @Option(help: "Farmland water source / irrigation.") var waterSource: String?
    @Option(help: "Farmland allowed uses, comma-separated (养殖,种植).") var allowedUses: String?
    @Option(help: "Price amount exactly as listed, or 面议 / negotiable.") var price: String?
    @Option(help: "yuan-per-m2-month|yuan-per-m2-day|yuan-per-month|yuan-per-year|wan-yuan-total|yuan-per-mu-year|negotiable, or 元/㎡/月 ….") var priceUnit: String?
    @Option(help: "A media item as KIND,URL[,CAPTION]; repeat in order.") var media: [String] = []

    /// The draft these flags describe; only given flags are set. Unparseable values become field errors.
    func draft() throws(ValidationFailed) -> ListingDraft {
        var errors: [FieldError] = []
        var d = ListingDraft()
        func parse<E: LabeledEnum>(_ text: String?, _ field: String, _ type: E.Type) -> E? {
            guard let text else { return nil }
            if let value = E.parse(text) { return value }
            errors.append(FieldError(field, "'\(text)' is not one of \(E.choices)"))
            return nil
        }
        func number(_ text: String?, _ field: String) -> Decimal? {
            guard let text else { return nil }
            if let value = DecimalText.parse(text.trimmingCharacters(in: .whitespaces)) { return value }
            errors.append(FieldError(field, "'\(text)' is not a number"))
            return nil
        }
        func area(_ text: String?, _ field: String) -> Decimal? {
            guard let text else { return nil }
            if let value = Area.parseSquareMetres(text) { return value }
            errors.append(FieldError(field, "'\(text)' is not an area (e.g. 4000, 4000㎡ or 30亩)"))
            return nil
        }
        func list(_ text: String?) -> [String]? {
            text.map { $0.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map(String.init) }
        }
        d.kind = parse(kind, "kind", ListingKind.self)
        d.deal = parse(deal, "deal", DealType.self)
        d.title = title; d.description = description; d.district = district; d.town = town
        d.park = park; d.address = address; d.latitude = latitude; d.longitude = longitude
        d.features = list(features); d.contactName = contactName; d.contactPhone = contactPhone
        d.ownerType = parse(ownerType, "ownerType", OwnerType.self)
        d.availableFrom = availableFrom
        d.buildingArea = area(buildingArea, "buildingArea")
        d.storeys = storeys; d.floor = floor; d.standalone = standalone; d.singleStorey = singleStorey
        d.clearHeight = number(clearHeight, "clearHeight"); d.floorLoad = number(floorLoad, "floorLoad")
        d.craneCount = craneCount; d.craneTons = number(craneTons, "craneTons"); d.powerKva = powerKva
        if let fireRating {
            d.fireRating = FireRating.parse(fireRating)
            if d.fireRating == nil { errors.append(FieldError("fireRating", "'\(fireRating)' is not one of \(FireRating.choices)")) }
        }
        d.divisibleMin = area(divisibleMin, "divisibleMin")
        d.landArea = area(landArea, "landArea")
        d.landNature = parse(landNature, "landNature", LandNature.self)
        d.plannedUse = plannedUse; d.tenureYears = tenureYears
        d.titleStatus = parse(titleStatus, "titleStatus", TitleStatus.self)
        d.plotRatio = number(plotRatio, "plotRatio"); d.waterSource = waterSource
        d.allowedUses = list(allowedUses)
        if let price, PriceUnit.parse(price) == .negotiable {
            d.priceUnit = .negotiable
        } else {
            d.priceAmount = number(price, "priceAmount")
            d.priceUnit = parse(priceUnit, "priceUnit", PriceUnit.self)
        }
        if !media.isEmpty {
            d.media = media.enumerated().compactMap { index, text in
                let parts = text.split(separator: ",", maxSplits: 2).map(String.init)
                guard parts.count >= 2, let kind = MediaKind.parse(parts[0]) else {
                    errors.append(FieldError("media[\(index)]", "give KIND,URL[,CAPTION] with KIND one of \(MediaKind.choices)"))
                    return nil
                }
                return MediaItem(kind: kind, url: parts[1], caption: parts.count > 2 ? parts[2] : "")
            }
        }
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return d
    }
}
