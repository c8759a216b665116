public import Foundation

/// Reading a listing from text fields as people type them (CLI flags, CSV cells): enums by key or Chinese
/// label, areas in m² or 亩, `面议` as a price, lists separated by commas or 、.
extension ListingDraft {
    /// The field names accepted as text, camelCase (kebab-case is accepted too).
    public static let textFieldNames: [String] = [
        "kind", "deal", "title", "description", "district", "town", "park", "address", "latitude", "longitude",
        "features", "contactName", "contactPhone", "ownerType", "availableFrom", "buildingArea", "storeys", "floor",
        "standalone", "singleStorey", "clearHeight", "floorLoad", "craneCount", "craneTons", "powerKva", "fireRating",
        "divisibleMin", "landArea", "landNature", "plannedUse", "tenureYears", "titleStatus", "plotRatio",
        "waterSource", "allowedUses", "price", "priceUnit",
    ]

    /// A draft from `field → text` whose values are all readable and pass every rule; otherwise every fault at
    /// once: the unreadable values, and what the rules say of the readable rest (a form or a CSV row shows them
    /// all, not the unreadable ones first and the others after the next try).
    public static func checked(text values: [String: String]) throws(ValidationFailed) -> ListingDraft {
        let draft: ListingDraft
        do {
            draft = try ListingDraft(text: values)
        } catch let unreadable {
            var readable = values
            for error in unreadable.errors { readable[error.field == "priceAmount" ? "price" : error.field] = nil }
            let unread = Set(unreadable.errors.map(\.field))
            var errors = unreadable.errors
            do {
                _ = try ListingDraft(text: readable).validated()
            } catch {
                errors += error.errors.filter { !unread.contains($0.field) }
            }
            throw ValidationFailed(errors)
        }
        _ = try draft.validated()
        return draft
    }

    /// A draft from `field → text`; empty texts are left unset. Unknown fields and unreadable values are
    /// field errors, all reported at once.
    public init(text values: [String: String]) throws(ValidationFailed) {
        self.init()
        var reader = TextFieldReader()
        for (rawName, text) in values where !text.isEmpty {
            let name = TextFieldReader.camelCase(rawName)
            guard Self.textFieldNames.contains(name) else {
                reader.errors.append(FieldError(name, "is not a listing field"))
                continue
            }
            reader.set(name, text, on: &self)
        }
        if let price = values["price"], PriceUnit.parse(price) == .negotiable {
            priceAmount = nil
            priceUnit = .negotiable
        }
        if !reader.errors.isEmpty { throw ValidationFailed(reader.errors) }
    }
}

/// Turns one text field into its typed value, collecting errors: enums by key or Chinese label, numbers
/// exactly, areas in m² or 亩, lists separated by commas or 、. Missing or empty text reads as `nil`.
public struct TextFieldReader: Sendable {
    public var errors: [FieldError] = []

    public init() {}

    static func camelCase(_ name: String) -> String {
        let parts = name.trimmingWhitespace().split(separator: "-")
        guard let first = parts.first else { return "" }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    mutating func set(_ name: String, _ text: String, on d: inout ListingDraft) {
        switch name {
        case "kind": d.kind = labeled(text, name)
        case "deal": d.deal = labeled(text, name)
        case "title": d.title = text
        case "description": d.description = text
        case "district": d.district = text
        case "town": d.town = text
        case "park": d.park = text
        case "address": d.address = text
        case "latitude": d.latitude = double(text, name)
        case "longitude": d.longitude = double(text, name)
        case "features": d.features = list(text)
        case "contactName": d.contactName = text
        case "contactPhone": d.contactPhone = text
        case "ownerType": d.ownerType = labeled(text, name)
        case "availableFrom": d.availableFrom = text
        case "buildingArea": d.buildingArea = area(text, name)
        case "storeys": d.storeys = integer(text, name)
        case "floor": d.floor = integer(text, name)
        case "standalone": d.standalone = boolean(text, name)
        case "singleStorey": d.singleStorey = boolean(text, name)
        case "clearHeight": d.clearHeight = number(text, name)
        case "floorLoad": d.floorLoad = number(text, name)
        case "craneCount": d.craneCount = integer(text, name)
        case "craneTons": d.craneTons = number(text, name)
        case "powerKva": d.powerKva = integer(text, name)
        case "fireRating":
            d.fireRating = FireRating.parse(text)
            if d.fireRating == nil { errors.append(FieldError(name, "'\(text)' is not one of \(FireRating.choices)")) }
        case "divisibleMin": d.divisibleMin = area(text, name)
        case "landArea": d.landArea = area(text, name)
        case "landNature": d.landNature = labeled(text, name)
        case "plannedUse": d.plannedUse = text
        case "tenureYears": d.tenureYears = integer(text, name)
        case "titleStatus": d.titleStatus = labeled(text, name)
        case "plotRatio": d.plotRatio = number(text, name)
        case "waterSource": d.waterSource = text
        case "allowedUses": d.allowedUses = list(text)
        case "price": if PriceUnit.parse(text) != .negotiable { d.priceAmount = number(text, "priceAmount") }
        case "priceUnit": d.priceUnit = labeled(text, name)
        default: errors.append(FieldError(name, "is not a listing field"))
        }
    }

    public mutating func labeled<E: LabeledEnum>(_ text: String?, _ field: String) -> E? {
        guard let text, !text.isEmpty else { return nil }
        if let value = E.parse(text) { return value }
        errors.append(FieldError(field, "'\(text)' is not one of \(E.choices)"))
        return nil
    }

    public mutating func number(_ text: String?, _ field: String) -> Decimal? {
        guard let text, !text.isEmpty else { return nil }
        if let value = DecimalText.parse(text.trimmingWhitespace()) { return value }
        errors.append(FieldError(field, "'\(text)' is not a number"))
        return nil
    }

    /// An amount in 万元 as people write it (`300`, `1.5亿`, `3百万`, full-width digits), read as the text parser
    /// reads amounts.
    public mutating func wanYuan(_ text: String?, _ field: String) -> Decimal? {
        guard let text, !text.isEmpty else { return nil }
        if let value = TypedNumber.read(text, as: .wanYuan) { return value }
        errors.append(FieldError(field, "'\(text)' is not an amount in 万元 (e.g. 300 or 1.5亿)"))
        return nil
    }

    public mutating func area(_ text: String?, _ field: String) -> Decimal? {
        guard let text, !text.isEmpty else { return nil }
        if let value = Area.parseSquareMetres(text) { return value }
        errors.append(FieldError(field, "'\(text)' is not an area (e.g. 4000, 4000㎡ or 30亩)"))
        return nil
    }

    mutating func integer(_ text: String, _ field: String) -> Int? {
        if let value = Int(text.trimmingWhitespace()) { return value }
        errors.append(FieldError(field, "'\(text)' is not a whole number"))
        return nil
    }

    mutating func double(_ text: String, _ field: String) -> Double? {
        if let value = Double(text.trimmingWhitespace()), value.isFinite { return value }
        errors.append(FieldError(field, "'\(text)' is not a number"))
        return nil
    }

    mutating func boolean(_ text: String, _ field: String) -> Bool? {
        switch text.trimmingWhitespace().lowercased() {
        case "true", "yes", "y", "t", "1", "是": return true
        case "false", "no", "n", "f", "0", "否": return false
        default:
            errors.append(FieldError(field, "'\(text)' is not yes/no (true/false, 是/否)"))
            return nil
        }
    }

    public func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == "、" }).map(String.init)
    }
}
