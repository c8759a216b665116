public import Foundation

/// A photo, floor plan, video or certificate scan shown with a listing, in order: a link (`url`) or a file ParkDesk
/// stores (`file`, its SHA-256; uploaded with `listing media add`).
public struct MediaItem: Codable, Sendable, Hashable {
    public var kind: MediaKind
    /// The link; for a stored picture its largest web size (`/media/<sha256>-1280.jpg`), set when read.
    public var url: String
    public var caption: String
    public var file: String?
    /// The stored file's row, when read from the database.
    public var stored: StoredFile?

    public init(kind: MediaKind, url: String, caption: String = "", file: String? = nil, stored: StoredFile? = nil) {
        (self.kind, self.url, self.caption, self.file, self.stored) = (kind, url, caption, file, stored)
    }

    enum CodingKeys: String, CodingKey { case kind, url, caption, file }

    /// The caption may be left out; a stored file has no url.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            kind: try container.decode(MediaKind.self, forKey: .kind),
            url: try container.decodeIfPresent(String.self, forKey: .url) ?? "",
            caption: try container.decodeIfPresent(String.self, forKey: .caption) ?? "",
            file: try container.decodeIfPresent(String.self, forKey: .file))
    }

    /// Stored pictures and linked media are public; stored certificates and PDFs are for staff only.
    public var isPublic: Bool { stored.map { $0.format.isImage && kind != .certificate } ?? true }
}

/// Everything a staff member or admin client sets on a listing. Fields are optional so that input can be
/// checked as a whole (`validated()` reports every wrong field at once) and so that an edit can merge.
/// JSON keys are these property names; areas are m² (`landAreaMu` is accepted for land in 亩).
public struct ListingDraft: Codable, Sendable, Equatable {
    public var kind: ListingKind?
    public var deal: DealType?
    public var title: String?
    public var description: String?
    /// District key, Chinese name or alias (易俗河); the store resolves it.
    public var district: String?
    public var town: String?
    /// Industrial park name or id; the store resolves it.
    public var park: String?
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var features: [String]?
    public var contactName: String?
    public var contactPhone: String?
    public var ownerType: OwnerType?
    /// ISO date `YYYY-MM-DD`.
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
    public var landAreaMu: Decimal?
    public var landNature: LandNature?
    public var plannedUse: String?
    public var tenureYears: Int?
    public var titleStatus: TitleStatus?
    public var plotRatio: Decimal?
    public var waterSource: String?
    public var allowedUses: [String]?

    public var priceAmount: Decimal?
    public var priceUnit: PriceUnit?

    public var media: [MediaItem]?

    public init() {}

    /// The fields given in `patch` replace those here; the rest stay.
    public func merging(_ patch: ListingDraft) -> ListingDraft {
        var merged = self
        for path in Self.allFields {
            path.merge(&merged, patch)
        }
        if patch.landAreaMu != nil { merged.landArea = nil }
        if patch.priceUnit == .negotiable && patch.priceAmount == nil { merged.priceAmount = nil }
        return merged
    }

    /// The fields every kind has; what remains when a building becomes land or back.
    public func keepingCommonFields() -> ListingDraft {
        var common = self
        common.kind = nil
        for field in ListingField.buildingFields + ListingField.craneFields + ListingField.landFields
            + ListingField.farmlandFields
        {
            Self.field(field).clear(&common)
        }
        return common
    }

    /// The fields set in this draft, e.g. to reject read-only ones.
    public var setFields: [ListingField] {
        Self.allFields.filter { $0.isSet(self) }.map(\.name)
    }

    public func isSet(_ field: ListingField) -> Bool {
        Self.field(field).isSet(self)
    }

    /// Clears `field`.
    public mutating func clear(_ field: ListingField) {
        Self.field(field).clear(&self)
    }

    /// One settable field; the closures only read or write through a key path to a stored property.
    struct Field: @unchecked Sendable {
        let name: ListingField
        let merge: (inout ListingDraft, ListingDraft) -> Void
        let isSet: (ListingDraft) -> Bool
        let clear: (inout ListingDraft) -> Void
    }

    static func field<T>(_ name: ListingField, _ path: WritableKeyPath<ListingDraft, T?>) -> Field {
        Field(
            name: name,
            merge: { target, patch in if let value = patch[keyPath: path] { target[keyPath: path] = value } },
            isSet: { $0[keyPath: path] != nil },
            clear: { $0[keyPath: path] = nil })
    }

    /// Every field with its property, in `ListingField`'s order.
    static let allFields: [Field] = [
        field(.kind, \.kind), field(.deal, \.deal), field(.title, \.title), field(.description, \.description),
        field(.district, \.district), field(.town, \.town), field(.park, \.park), field(.address, \.address),
        field(.latitude, \.latitude), field(.longitude, \.longitude), field(.features, \.features),
        field(.contactName, \.contactName), field(.contactPhone, \.contactPhone), field(.ownerType, \.ownerType),
        field(.availableFrom, \.availableFrom), field(.buildingArea, \.buildingArea), field(.storeys, \.storeys),
        field(.floor, \.floor), field(.standalone, \.standalone), field(.singleStorey, \.singleStorey),
        field(.clearHeight, \.clearHeight), field(.floorLoad, \.floorLoad), field(.craneCount, \.craneCount),
        field(.craneTons, \.craneTons), field(.powerKva, \.powerKva), field(.fireRating, \.fireRating),
        field(.divisibleMin, \.divisibleMin), field(.landArea, \.landArea), field(.landAreaMu, \.landAreaMu),
        field(.landNature, \.landNature), field(.plannedUse, \.plannedUse), field(.tenureYears, \.tenureYears),
        field(.titleStatus, \.titleStatus), field(.plotRatio, \.plotRatio), field(.waterSource, \.waterSource),
        field(.allowedUses, \.allowedUses), field(.priceAmount, \.priceAmount), field(.priceUnit, \.priceUnit),
        field(.media, \.media),
    ]

    static func field(_ name: ListingField) -> Field {
        allFields[ListingField.allCases.firstIndex(of: name)!]
    }
}
