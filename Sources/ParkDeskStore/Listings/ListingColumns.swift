package import Foundation
package import ParkDeskCore

/// A listing's writable columns and their values in one table, read by the bound INSERT and UPDATE and by
/// COPY alike. Each shape (common, building, land, farmland) names its own columns; a listing of another
/// shape writes NULL there, and the table's CHECKs hold the same rules as Core.
package struct ListingColumns: Sendable {
    /// One column's value, typed so that it can be bound or written as COPY text.
    package enum Value: Sendable {
        case text(String?)
        case number(Decimal?)
        case integer(Int?)
        case real(Double?)
        case flag(Bool?)
        case texts([String]?)
        /// Text cast to a type of the schema (an enum, a date).
        case typed(String?, StaticString)
    }

    package let columns: [(name: StaticString, value: Value)]

    package init(_ l: ValidListing, _ refs: ListingStore.References) {
        columns =
            Self.common(l, refs) + Self.building(l.spec.building) + Self.land(l.spec.land)
            + Self.farmland(l.spec.farmland)
    }

    /// The column names, the same for every listing.
    package static let names: [StaticString] = ListingColumns(
        ValidListing(
            kind: .factory, deal: .rent, title: "", spec: .building(BuildingSpec(area: 0)), priceUnit: .negotiable),
        ListingStore.References(districtID: 0, parkID: nil)
    ).columns.map(\.name)

    /// The values, bound, comma-separated in the order of `names`.
    var values: SQL { SQL.join(columns.map(\.value.sql), separator: ", ") }

    /// The values as COPY text fields, in the order of `names`.
    package var copyFields: [String?] { columns.map(\.value.copyText) }

    private static func common(_ l: ValidListing, _ refs: ListingStore.References) -> [(StaticString, Value)] {
        [
            ("kind", .typed(l.kind.rawValue, "listing_kind")), ("deal", .typed(l.deal.rawValue, "deal_type")),
            ("title", .text(l.title)), ("description", .text(l.description)),
            ("district_id", .integer(refs.districtID)), ("town", .text(l.town)), ("park_id", .integer(refs.parkID)),
            ("address", .text(l.address)), ("latitude", .real(l.latitude)), ("longitude", .real(l.longitude)),
            ("features", .texts(l.features)), ("contact_name", .text(l.contactName)),
            ("contact_phone", .text(l.contactPhone)), ("owner_type", .typed(l.ownerType?.rawValue, "owner_type")),
            ("available_from", .typed(l.availableFrom, "date")), ("price_amount", .number(l.priceAmount)),
            ("price_unit", .typed(l.priceUnit.rawValue, "price_unit")),
        ]
    }

    private static func building(_ b: BuildingSpec?) -> [(StaticString, Value)] {
        [
            ("building_area_m2", .number(b?.area)), ("storeys", .integer(b?.storeys)), ("floor", .integer(b?.floor)),
            ("standalone", .flag(b?.standalone)), ("single_storey", .flag(b?.singleStorey)),
            ("clear_height_m", .number(b?.clearHeight)), ("floor_load_t_m2", .number(b?.floorLoad)),
            ("crane_count", .integer(b?.crane?.count)), ("crane_max_tons", .number(b?.crane?.maxTons)),
            ("power_kva", .integer(b?.powerKva)), ("fire_rating", .typed(b?.fireRating?.rawValue, "fire_rating")),
            ("divisible_min_m2", .number(b?.divisibleMin)),
        ]
    }

    private static func land(_ l: LandSpec?) -> [(StaticString, Value)] {
        [
            ("land_area_m2", .number(l?.area)), ("land_nature", .typed(l?.nature?.rawValue, "land_nature")),
            ("planned_use", .text(l?.plannedUse)), ("tenure_years", .integer(l?.tenureYears)),
            ("title_status", .typed(l?.titleStatus?.rawValue, "title_status")), ("plot_ratio", .number(l?.plotRatio)),
        ]
    }

    private static func farmland(_ f: FarmlandSpec?) -> [(StaticString, Value)] {
        [("water_source", .text(f?.waterSource)), ("allowed_uses", .texts(f?.allowedUses))]
    }
}

extension ListingColumns.Value {
    var sql: SQL {
        switch self {
        case .text(let value): "\(value)"
        case .number(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .real(let value): "\(value)"
        case .flag(let value): "\(value)"
        case .texts(let value): "\(value)"
        case .typed(let value, let type): "\(value)::\(raw: type)"
        }
    }

    var copyText: String? {
        switch self {
        case .text(let value), .typed(let value, _): value
        case .number(let value): value.map { "\($0)" }
        case .integer(let value): value.map(String.init)
        case .real(let value): value.map { "\($0)" }
        case .flag(let value): value.map { $0 ? "t" : "f" }
        case .texts(let value): value.map(CopyText.array)
        }
    }
}
