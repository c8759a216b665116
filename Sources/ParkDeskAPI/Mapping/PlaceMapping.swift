import ParkDeskCore
import ParkDeskOpenAPI

/// Parks, districts and enumerations as the API's JSON.
enum PlaceMapping {
    static func park(_ p: Park) throws -> Components.Schemas.Park {
        try .init(
            id: p.id, name: p.name,
            district: .init(key: EnumMapping.convert(RawKey(rawValue: p.districtKey)), name: p.district),
            address: p.address, location: ListingMapping.location(p.latitude, p.longitude),
            description: p.description, activeListings: p.activeListings)
    }

    static func district(_ d: District) throws -> Components.Schemas.District {
        try .init(
            key: EnumMapping.convert(RawKey(rawValue: d.key)), name: d.name,
            cityCode: EnumMapping.convert(RawKey(rawValue: d.cityCode)), cityName: d.cityName,
            aliases: d.aliases)
    }

    /// Every enumeration of the document that Core defines, by schema name.
    static let enumerations: [(name: String, type: any LabeledEnum.Type)] = [
        ("ListingKind", ListingKind.self), ("DealType", DealType.self), ("ListingStatus", ListingStatus.self),
        ("OwnerType", OwnerType.self), ("FireRating", FireRating.self), ("LandNature", LandNature.self),
        ("TitleStatus", TitleStatus.self), ("PriceUnit", PriceUnit.self), ("MediaKind", MediaKind.self),
        ("ListingSort", ListingSort.self),
    ]

    static func enums() -> Components.Schemas.EnumList {
        .init(
            items: enumerations.map { name, type in
                .init(
                    name: name, label: type.typeLabel,
                    values: type.keysAndLabels.map { .init(key: $0.key, label: $0.label) })
            })
    }
}

extension LabeledEnum {
    static var keysAndLabels: [(key: String, label: String)] { allCases.map { ($0.rawValue, $0.label) } }
}
