/// A listing's settable fields, by their JSON names (camelCase): what a draft, a patch, a form or a CLI flag sets,
/// and what an error names.
public enum ListingField: String, CaseIterable, Sendable, Hashable {
    case kind, deal, title, description, district, town, park, address, latitude, longitude, features
    case contactName, contactPhone, ownerType, availableFrom
    case buildingArea, storeys, floor, standalone, singleStorey, clearHeight, floorLoad, craneCount, craneTons
    case powerKva, fireRating, divisibleMin
    case landArea, landAreaMu, landNature, plannedUse, tenureYears, titleStatus, plotRatio, waterSource, allowedUses
    case priceAmount, priceUnit, media

    /// Fields only buildings have (cranes are `craneFields`).
    static let buildingFields: [ListingField] = [
        .buildingArea, .storeys, .floor, .standalone, .singleStorey, .clearHeight, .floorLoad, .powerKva, .fireRating,
        .divisibleMin,
    ]
    /// Fields only factories and warehouses have.
    static let craneFields: [ListingField] = [.craneCount, .craneTons]
    static let landFields: [ListingField] = [
        .landArea, .landAreaMu, .landNature, .plannedUse, .tenureYears, .titleStatus, .plotRatio,
    ]
    /// Fields only farmland has.
    static let farmlandFields: [ListingField] = [.waterSource, .allowedUses]
}
