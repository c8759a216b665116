import Foundation
import ParkDeskCore
import PostgresNIO

/// The one column list every listing read uses, and its decoding into `Listing`.
enum ListingRow {
    static let columns: SQL = """
        l.id, l.ref, l.status::text AS status, l.version, l.created_at, l.updated_at,
        l.kind::text AS kind, l.deal::text AS deal, l.title, l.description, d.name AS district, d.key AS district_key,
        d.city_code, l.town, l.park_id, p.name AS park, l.address, l.latitude, l.longitude, l.features,
        l.contact_name, l.contact_phone, l.owner_type::text AS owner_type, l.available_from::text AS available_from,
        l.building_area_m2, l.storeys::int AS storeys, l.floor::int AS floor, l.standalone, l.single_storey,
        l.clear_height_m, l.floor_load_t_m2, l.crane_count::int AS crane_count, l.crane_max_tons, l.power_kva,
        l.fire_rating::text AS fire_rating, l.divisible_min_m2, l.land_area_m2, l.land_nature::text AS land_nature,
        l.planned_use, l.tenure_years::int AS tenure_years, l.title_status::text AS title_status, l.plot_ratio,
        l.water_source, l.allowed_uses, l.price_amount, l.price_unit::text AS price_unit,
        l.price_monthly_per_m2, l.price_total_yuan,
        (SELECT coalesce(json_agg(json_build_object(
                    'kind', m.kind, 'url', coalesce(m.url, ''), 'caption', m.caption, 'file', m.file_sha256,
                    'format', f.format, 'bytes', f.bytes, 'width', f.width, 'height', f.height, 'sizes', f.sizes)
                  ORDER BY m.position), '[]')::text
           FROM listing_media m LEFT JOIN media_files f ON f.sha256 = m.file_sha256
          WHERE m.listing_id = l.id) AS media
        """

    /// A listing's district and park, joined to `listings l`.
    static let places: SQL = "JOIN districts d ON d.id = l.district_id LEFT JOIN parks p ON p.id = l.park_id"
    static let from: SQL = "listings l \(places)"

    /// A text that changes whenever anything a listing's summary or detail shows changes: the row versions (`xmin`)
    /// of the listing (its photos change it too), its district and its park, plus the listing's version and time of
    /// change (which a restored database keeps while its row versions start again). Over `from`.
    static let changeToken = changeToken(
        rowVersion: "l.xmin", version: "l.version", updatedAt: "l.updated_at", district: "d.xmin", park: "p.xmin")

    /// `changeToken` from its parts: the listing's row version, version and time of change, and the row versions of
    /// its district and of its park (NULL without one).
    static func changeToken(rowVersion: SQL, version: SQL, updatedAt: SQL, district: SQL, park: SQL) -> SQL {
        """
        \(rowVersion)::text || '.' || \(version) || '.' || \(updatedAt)::text || '.' || \(district)::text || '.' ||
        coalesce(\(park)::text, '')
        """
    }

    static func decode(_ row: PostgresRow) throws -> Listing {
        let r = RowReader(row, table: "listings")
        let mediaJSON = try r.value("media", String.self)
        let kind = try r.required("kind", ListingKind.self)
        var fields = ValidListing(
            kind: kind, deal: try r.required("deal", DealType.self), title: try r.value("title"),
            spec: try spec(of: kind, r), priceUnit: try r.required("price_unit", PriceUnit.self))
        fields.description = try r.value("description")
        fields.district = try r.value("district")
        fields.town = try r.value("town")
        fields.park = try r.value("park")
        fields.address = try r.value("address")
        fields.latitude = try r.value("latitude")
        fields.longitude = try r.value("longitude")
        fields.features = try r.value("features")
        fields.contactName = try r.value("contact_name")
        fields.contactPhone = try r.value("contact_phone")
        fields.ownerType = try r.labeled("owner_type", OwnerType.self)
        fields.availableFrom = try r.value("available_from")
        fields.priceAmount = try r.value("price_amount")
        fields.media = try JSONDecoder().decode([MediaRow].self, from: Data(mediaJSON.utf8)).map(\.item)
        return Listing(
            id: try r.value("id"), ref: try r.value("ref"), status: try r.required("status", ListingStatus.self),
            version: try r.value("version"), createdAt: try r.value("created_at"), updatedAt: try r.value("updated_at"),
            fields: fields, districtKey: try r.value("district_key"), cityCode: try r.value("city_code"),
            parkID: try r.value("park_id"), priceMonthlyPerM2: try r.value("price_monthly_per_m2"),
            priceTotalYuan: try r.value("price_total_yuan"))
    }

    /// The building, land or farmland columns, as the kind says; the others are NULL by the table's CHECKs.
    private static func spec(of kind: ListingKind, _ r: RowReader) throws -> ListingSpec {
        if kind.isBuilding {
            let craneCount: Int? = try r.value("crane_count")
            let craneTons: Decimal? = try r.value("crane_max_tons")
            return .building(
                BuildingSpec(
                    area: try r.value("building_area_m2"), storeys: try r.value("storeys"),
                    floor: try r.value("floor"), standalone: try r.value("standalone"),
                    singleStorey: try r.value("single_storey"), clearHeight: try r.value("clear_height_m"),
                    floorLoad: try r.value("floor_load_t_m2"),
                    crane: (craneCount ?? craneTons.map { _ in 1 }).map { Crane(count: $0, maxTons: craneTons) },
                    powerKva: try r.value("power_kva"), fireRating: try r.labeled("fire_rating", FireRating.self),
                    divisibleMin: try r.value("divisible_min_m2")))
        }
        let land = LandSpec(
            area: try r.value("land_area_m2"), nature: try r.labeled("land_nature", LandNature.self),
            plannedUse: try r.value("planned_use"), tenureYears: try r.value("tenure_years"),
            titleStatus: try r.labeled("title_status", TitleStatus.self), plotRatio: try r.value("plot_ratio"))
        guard kind == .farmland else { return .land(land) }
        return .farmland(
            FarmlandSpec(land: land, waterSource: try r.value("water_source"), allowedUses: try r.value("allowed_uses"))
        )
    }
}

/// One listing_media row with its stored file, as the listing query's JSON has it.
private struct MediaRow: Decodable {
    let kind: MediaKind
    let url: String
    let caption: String
    let file: String?
    let format: MediaFormat?
    let bytes: Int?
    let width, height: Int?
    let sizes: [MediaSize]?

    /// A stored picture's url is its largest web size; a stored PDF has none (staff fetch the original).
    var item: MediaItem {
        guard let file, let format else { return MediaItem(kind: kind, url: url, caption: caption) }
        let stored = StoredFile(
            sha256: file, format: format, bytes: bytes ?? 0, width: width, height: height, sizes: sizes ?? [])
        let shown = stored.sizes.last.map { MediaSize.path(sha256: file, name: $0.name) } ?? ""
        return MediaItem(kind: kind, url: shown, caption: caption, file: file, stored: stored)
    }
}
