import ArgumentParser
import Foundation
import ParkDeskCore

/// Every listing field as a flag (`--building-area 4000`); enums take the English key or the Chinese
/// label (`--kind 厂房`), areas take m² or 亩 (`--land-area 30亩`), `--price 面议` means negotiable.
struct ListingFieldOptions: ParsableArguments {
    @Option(help: "factory|warehouse|office|industrial-land|commercial-land|collective-land|farmland, or 厂房 …")
    var kind: String?
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
    @Option(
        help: ArgumentHelp(
            "yuan-per-m2-month|yuan-per-m2-day|yuan-per-month|yuan-per-year|wan-yuan-total|yuan-per-mu-year|"
                + "negotiable, or 元/㎡/月 ….")
    ) var priceUnit: String?
    @Option(help: "A media item as KIND,URL[,CAPTION]; repeat in order.") var media: [String] = []

    /// The draft these flags describe; only given flags are set. Unparseable values become field errors.
    func draft() throws(ValidationFailed) -> ListingDraft {
        let flags: [String: String?] = [
            "kind": kind, "deal": deal, "title": title, "description": description, "district": district,
            "town": town, "park": park, "address": address, "latitude": latitude.map { "\($0)" },
            "longitude": longitude.map { "\($0)" }, "features": features, "contactName": contactName,
            "contactPhone": contactPhone, "ownerType": ownerType, "availableFrom": availableFrom,
            "buildingArea": buildingArea, "storeys": storeys.map(String.init), "floor": floor.map(String.init),
            "standalone": standalone.map { "\($0)" }, "singleStorey": singleStorey.map { "\($0)" },
            "clearHeight": clearHeight, "floorLoad": floorLoad, "craneCount": craneCount.map(String.init),
            "craneTons": craneTons, "powerKva": powerKva.map(String.init), "fireRating": fireRating,
            "divisibleMin": divisibleMin, "landArea": landArea, "landNature": landNature, "plannedUse": plannedUse,
            "tenureYears": tenureYears.map(String.init), "titleStatus": titleStatus, "plotRatio": plotRatio,
            "waterSource": waterSource, "allowedUses": allowedUses, "price": price, "priceUnit": priceUnit,
        ]
        var errors: [FieldError] = []
        var d: ListingDraft
        do {
            d = try ListingDraft(text: flags.compactMapValues { $0 })
        } catch {
            errors = error.errors
            d = ListingDraft()
        }
        if !media.isEmpty {
            d.media = media.enumerated().compactMap { index, text in
                let parts = text.split(separator: ",", maxSplits: 2).map(String.init)
                guard parts.count >= 2, let kind = MediaKind.parse(parts[0]) else {
                    errors.append(
                        FieldError("media[\(index)]", "give KIND,URL[,CAPTION] with KIND one of \(MediaKind.choices)"))
                    return nil
                }
                return MediaItem(kind: kind, url: parts[1], caption: parts.count > 2 ? parts[2] : "")
            }
        }
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return d
    }
}
