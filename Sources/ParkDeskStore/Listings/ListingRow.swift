import Foundation
import ParkDeskCore
import PostgresNIO

/// The one column list every listing read uses, and its decoding into `Listing`.
enum ListingRow {
    static let columns = """
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
        (SELECT coalesce(json_agg(json_build_object('kind', m.kind, 'url', m.url, 'caption', m.caption)
                                  ORDER BY m.position), '[]')::text
           FROM listing_media m WHERE m.listing_id = l.id) AS media
        """

    static let from = "listings l JOIN districts d ON d.id = l.district_id LEFT JOIN parks p ON p.id = l.park_id"

    struct Corrupt: Error, CustomStringConvertible {
        let column: String
        var description: String { "unexpected value in listings.\(column)" }
    }

    static func decode(_ row: PostgresRow) throws -> Listing {
        let r = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
            try r[column].decode(T.self, context: .default)
        }
        func labeled<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> E? {
            guard let raw = try value(column, String?.self) else { return nil }
            guard let parsed = E(rawValue: raw) else { throw Corrupt(column: column) }
            return parsed
        }
        func required<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> E {
            guard let parsed = try labeled(column, type) else { throw Corrupt(column: column) }
            return parsed
        }
        let mediaJSON = try value("media", String.self)
        let media = try JSONDecoder().decode([MediaItem].self, from: Data(mediaJSON.utf8))
        let fields = ValidListing(
            kind: try required("kind", ListingKind.self), deal: try required("deal", DealType.self),
            title: try value("title"), description: try value("description"), district: try value("district"),
            town: try value("town"), park: try value("park"), address: try value("address"),
            latitude: try value("latitude"), longitude: try value("longitude"), features: try value("features"),
            contactName: try value("contact_name"), contactPhone: try value("contact_phone"),
            ownerType: try labeled("owner_type", OwnerType.self), availableFrom: try value("available_from"),
            buildingArea: try value("building_area_m2"), storeys: try value("storeys"), floor: try value("floor"),
            standalone: try value("standalone"), singleStorey: try value("single_storey"),
            clearHeight: try value("clear_height_m"), floorLoad: try value("floor_load_t_m2"),
            craneCount: try value("crane_count"), craneTons: try value("crane_max_tons"),
            powerKva: try value("power_kva"), fireRating: try labeled("fire_rating", FireRating.self),
            divisibleMin: try value("divisible_min_m2"), landArea: try value("land_area_m2"),
            landNature: try labeled("land_nature", LandNature.self), plannedUse: try value("planned_use"),
            tenureYears: try value("tenure_years"), titleStatus: try labeled("title_status", TitleStatus.self),
            plotRatio: try value("plot_ratio"), waterSource: try value("water_source"),
            allowedUses: try value("allowed_uses"), priceAmount: try value("price_amount"),
            priceUnit: try required("price_unit", PriceUnit.self), media: media)
        return Listing(
            id: try value("id"), ref: try value("ref"), status: try required("status", ListingStatus.self),
            version: try value("version"), createdAt: try value("created_at"), updatedAt: try value("updated_at"),
            fields: fields, districtKey: try value("district_key"), cityCode: try value("city_code"),
            parkID: try value("park_id"), priceMonthlyPerM2: try value("price_monthly_per_m2"),
            priceTotalYuan: try value("price_total_yuan"))
    }
}
