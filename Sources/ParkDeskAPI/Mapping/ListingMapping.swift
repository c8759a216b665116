import Foundation
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore

/// Core listings as the API's JSON (the generated schema types), with Chinese labels beside every key.
enum ListingMapping {
    static func summary(_ s: ListingSummary) throws -> Components.Schemas.ListingSummary {
        try Components.Schemas.ListingSummary(
            ref: s.ref, title: s.title,
            kind: EnumMapping.convert(s.kind), kindLabel: s.kind.label,
            deal: EnumMapping.convert(s.deal), dealLabel: s.deal.label,
            status: EnumMapping.convert(s.status), statusLabel: s.status.label,
            district: .init(key: EnumMapping.convert(RawKey(rawValue: s.districtKey)), name: s.districtName),
            town: s.town,
            park: s.parkID.map { .init(id: $0, name: s.parkName ?? "") },
            buildingArea: s.buildingArea.jsonNumber,
            landArea: s.landArea.jsonNumber,
            landAreaMu: s.landArea.map { Area.mu(fromSquareMetres: $0).jsonNumber },
            price: price(s.priceAmount, s.priceUnit),
            normalizedPrice: normalizedPrice(monthlyPerM2: s.priceMonthlyPerM2, totalYuan: s.priceTotalYuan),
            crane: s.craneTons.map { .init(count: s.craneCount ?? 1, maxTons: $0.jsonNumber) },
            standalone: s.standalone, singleStorey: s.singleStorey, features: s.features,
            coverPhoto: s.coverPhotoURL,
            location: location(s.latitude, s.longitude),
            distanceKm: s.distanceKm.map(distanceKm),
            updatedAt: s.updatedAt)
    }

    /// A distance in km as the API shows it: to 10 m.
    static func distanceKm(_ km: Double) -> Double { (km * 100).rounded() / 100 }

    static func page(_ page: ListingPage, _ query: ListingQuery) throws -> Components.Schemas.ListingPage {
        try Components.Schemas.ListingPage(
            items: page.items.map(summary), nextCursor: page.nextCursor?.token,
            facets: page.facets.map(facets), interpretation: interpretation(query))
    }

    /// What `q` was read as, when it was read.
    static func interpretation(_ query: ListingQuery) -> Components.Schemas.SearchInterpretation? {
        guard query.isInterpreted else { return nil }
        return .init(
            filters: query.reading.map { filter in
                .init(
                    key: filter.key, label: filter.label, words: filter.words.map(ParseMapping.span),
                    parameters: filter.parameters.map { .init(name: $0.name, value: $0.value) })
            }, keywords: query.keywords?.terms ?? [])
    }

    static func facets(_ f: ListingFacets) -> Components.Schemas.Facets {
        func counts(_ pairs: [(key: String, label: String, count: Int)]) -> [Components.Schemas.FacetCount] {
            pairs.sorted { ($0.count, $1.key) > ($1.count, $0.key) }.map {
                .init(key: $0.key, label: $0.label, count: $0.count)
            }
        }
        return Components.Schemas.Facets(
            kinds: counts(f.kinds.map { ($0.key.rawValue, $0.key.label, $0.value) }),
            districts: counts(f.districts.map { ($0.key, f.districtNames[$0.key] ?? $0.key, $0.value) }),
            deals: counts(f.deals.map { ($0.key.rawValue, $0.key.label, $0.value) }))
    }

    static func detail(
        _ listing: Listing, park: Park?, history: [StatusChange]?
    ) throws -> Components.Schemas.ListingDetail {
        let f = listing.fields
        let building = f.spec.building
        let land = f.spec.land
        let details = try Components.Schemas.ListingDetail.Value2Payload(
            description: f.description, address: f.address,
            parkDetail: park.map(PlaceMapping.park),
            contactName: f.contactName, contactPhone: f.contactPhone,
            ownerType: EnumMapping.convert(f.ownerType), ownerTypeLabel: f.ownerType?.label,
            availableFrom: f.availableFrom,
            storeys: building?.storeys, floor: building?.floor, clearHeight: building?.clearHeight.jsonNumber,
            floorLoad: building?.floorLoad.jsonNumber, powerKva: building?.powerKva,
            fireRating: EnumMapping.convert(building?.fireRating), fireRatingLabel: building?.fireRating?.label,
            divisibleMin: building?.divisibleMin.jsonNumber,
            landNature: EnumMapping.convert(land?.nature), landNatureLabel: land?.nature?.label,
            plannedUse: land?.plannedUse, tenureYears: land?.tenureYears,
            titleStatus: EnumMapping.convert(land?.titleStatus), titleStatusLabel: land?.titleStatus?.label,
            plotRatio: land?.plotRatio.jsonNumber, waterSource: f.spec.farmland?.waterSource,
            allowedUses: f.spec.farmland?.allowedUses,
            media: f.media.map { item in
                let shown = item.stored?.sizes.last
                return try .init(
                    kind: EnumMapping.convert(item.kind), kindLabel: item.kind.label, url: item.url,
                    caption: item.caption, file: item.file, width: shown?.width, height: shown?.height,
                    sizes: item.file.flatMap { file in
                        item.stored?.sizes.map {
                            .init(url: MediaSize.path(sha256: file, name: $0.name), width: $0.width, height: $0.height)
                        }
                    })
            },
            version: listing.version, createdAt: listing.createdAt,
            history: history?.map { change in
                try .init(
                    from: EnumMapping.convert(change.from), to: EnumMapping.convert(change.to),
                    toLabel: change.to.label, by: change.by, note: change.note, at: change.at)
            })
        return Components.Schemas.ListingDetail(value1: try Self.summary(ListingSummary(listing)), value2: details)
    }

    static func price(_ amount: Decimal?, _ unit: PriceUnit) throws -> Components.Schemas.Price {
        try .init(
            amount: unit == .negotiable ? nil : amount.jsonNumber, unit: EnumMapping.convert(unit),
            unitLabel: unit.label, text: unit.display(amount))
    }

    static func normalizedPrice(monthlyPerM2: Decimal?, totalYuan: Decimal?) -> Components.Schemas.NormalizedPrice? {
        if let monthlyPerM2 {
            return .init(value: DecimalText.rounded(monthlyPerM2, scale: 2).jsonNumber, unit: .yuanPerM2Month)
        }
        return totalYuan.map { .init(value: $0.jsonNumber, unit: .yuan) }
    }

    static func location(_ latitude: Double?, _ longitude: Double?) -> Components.Schemas.Location? {
        guard let latitude, let longitude else { return nil }
        return .init(latitude: latitude, longitude: longitude)
    }

    /// The generated request bodies use ListingDraft's JSON field names, so one encode/decode converts
    /// them, exactly (decimals are read from the JSON text). A test checks that every draft field is in
    /// the schema.
    static func draft(from body: some Encodable) throws -> ListingDraft {
        let data = try JSONEncoder().encode(body)
        // A JSON number such as 5e-324 is valid but has no `Decimal`; name the field instead of failing to decode.
        if let fields = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let outOfRange = fields.compactMap { name, value -> FieldError? in
                guard let number = value as? Double, !(value is Bool), Decimal(string: "\(number)") == nil else {
                    return nil
                }
                return FieldError(name, "is outside the range of accepted numbers")
            }
            if !outOfRange.isEmpty { throw ValidationFailed(outOfRange) }
        }
        return try JSONDecoder().decode(ListingDraft.self, from: data)
    }
}

/// A key held as text (a district key, a city code), for conversion to a generated enum.
struct RawKey: RawRepresentable {
    let rawValue: String
}
