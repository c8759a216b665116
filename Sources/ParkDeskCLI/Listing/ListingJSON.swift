import Foundation
import ParkDeskCore

/// A listing as JSON for `show --json`, `list --json` and JSONL export: every field under its
/// camelCase name plus the system's fields and the Chinese labels people read.
struct ListingJSON: Encodable {
    let listing: Listing

    enum Keys: String, CodingKey {
        case ref, status, statusLabel, version, createdAt, updatedAt, kindLabel, dealLabel, districtKey, cityCode
        case parkId, priceLabel, priceMonthlyPerM2, priceTotalYuan, landAreaMu
    }

    func encode(to encoder: any Encoder) throws {
        var draft = listing.fields.draft
        if draft.media?.isEmpty == true { draft.media = nil }
        try draft.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        let f = listing.fields
        try container.encode(listing.ref, forKey: .ref)
        try container.encode(listing.status, forKey: .status)
        try container.encode(listing.status.label, forKey: .statusLabel)
        try container.encode(listing.version, forKey: .version)
        try container.encode(listing.createdAt, forKey: .createdAt)
        try container.encode(listing.updatedAt, forKey: .updatedAt)
        try container.encode(f.kind.label, forKey: .kindLabel)
        try container.encode(f.deal.label, forKey: .dealLabel)
        try container.encode(listing.districtKey, forKey: .districtKey)
        try container.encode(listing.cityCode, forKey: .cityCode)
        try container.encodeIfPresent(listing.parkID, forKey: .parkId)
        try container.encode(f.priceUnit.display(f.priceAmount), forKey: .priceLabel)
        try container.encodeIfPresent(listing.priceMonthlyPerM2, forKey: .priceMonthlyPerM2)
        try container.encodeIfPresent(listing.priceTotalYuan, forKey: .priceTotalYuan)
        try container.encodeIfPresent(f.spec.land.map { Area.mu(fromSquareMetres: $0.area) }, forKey: .landAreaMu)
    }

    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static func text<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }
}
