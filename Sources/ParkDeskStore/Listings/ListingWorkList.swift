import Foundation
public import ParkDeskCore
import PostgresNIO

extension ListingStore {
    /// The console's list: a page of listings changed last first, and how many of each status the filter finds
    /// (whatever its statuses, so the counts are the tabs to switch between).
    public func workList(
        _ filter: ListingWorkFilter
    ) async throws -> (lines: [ListingLine], counts: [ListingStatus: Int]) {
        let conditions = Self.conditions(filter)
        let statuses = filter.statuses.map(\.rawValue)
        let rows = try await client.read(
            """
            SELECT l.ref, l.title, l.kind::text, l.deal::text, l.status::text, p.name, d.name,
                   coalesce(l.building_area_m2, l.land_area_m2), l.price_amount, l.price_unit::text, l.updated_at,
                   (SELECT m.file_sha256 FROM listing_media m JOIN media_files f ON f.sha256 = m.file_sha256
                     WHERE m.listing_id = l.id AND m.kind <> 'certificate' AND f.format <> 'pdf'
                     ORDER BY m.position LIMIT 1),
                   l.status IN ('active', 'pending')
                     AND l.updated_at < now() - (\(filter.expireDays) - 14) * interval '1 day'
            FROM \(ListingRow.from)
            WHERE \(conditions)
              AND (cardinality(\(statuses)::text[]) = 0 OR l.status::text = ANY(\(statuses)::text[]))
            ORDER BY l.updated_at DESC, l.id DESC
            LIMIT \(max(1, min(filter.limit, 500))) OFFSET \(max(0, filter.offset))
            """, logger: logger)
        var lines: [ListingLine] = []
        for try await row in rows {
            let (ref, title, kind, deal, status, park, district) = try row.decode(
                (String, String, String, String, String, String?, String).self)
            let cells = try row.makeRandomAccess()
            lines.append(
                ListingLine(
                    ref: ref, title: title, kind: ListingKind(rawValue: kind) ?? .factory,
                    deal: DealType(rawValue: deal) ?? .rent, status: ListingStatus(rawValue: status) ?? .draft,
                    park: park, district: district, area: try cells[7].decode(Decimal?.self) ?? 0,
                    priceAmount: try cells[8].decode(Decimal?.self),
                    priceUnit: PriceUnit(rawValue: try cells[9].decode(String.self)) ?? .negotiable,
                    updatedAt: try cells[10].decode(Date.self), cover: try cells[11].decode(String?.self),
                    expiresSoon: try cells[12].decode(Bool.self)))
        }
        var counts: [ListingStatus: Int] = [:]
        let countRows = try await client.read(
            "SELECT l.status::text, count(*)::int FROM \(ListingRow.from) WHERE \(conditions) GROUP BY 1",
            logger: logger)
        for try await (status, count) in countRows.decode((String, Int).self) {
            if let status = ListingStatus(rawValue: status) { counts[status] = count }
        }
        return (lines, counts)
    }

    /// The filter's conditions on `listings l` (with `d` and `p` joined), the status aside.
    static func conditions(_ filter: ListingWorkFilter) -> SQL {
        var conditions: [SQL] = ["TRUE"]
        if let kind = filter.kind { conditions.append("l.kind::text = \(kind.rawValue)") }
        if let scope = filter.parkScope { conditions.append("l.park_id = ANY(\(scope))") }
        if let park = filter.parkID { conditions.append("l.park_id = \(park)") }
        if let district = filter.districtID { conditions.append("l.district_id = \(district)") }
        if let text = filter.text {
            conditions.append(
                """
                (l.ref = upper(\(text))
                 OR (text_grams(l.title || ' ' || l.description || ' ' || l.address) @> query_grams(\(text))
                     AND strpos(l.title || ' ' || l.description || ' ' || l.address, \(text)) > 0))
                """)
        }
        return SQL.join(conditions, separator: " AND ")
    }
}

extension ListingStore {
    /// The listings with these refs, in their order, for an export by `actor` (recorded in the audit log).
    public func exported(refs: [String], actor: String) async throws -> [Listing] {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                """
                SELECT \(ListingRow.columns) FROM \(ListingRow.from)
                WHERE l.ref = ANY(\(refs)) ORDER BY array_position(\(refs)::text[], l.ref)
                """, logger: logger)
            var listings: [Listing] = []
            for try await row in rows { listings.append(try ListingRow.decode(row)) }
            try await AuditLog.record(
                "listing.export", target: "listings", actor: actor, detail: ["rows": String(listings.count)], on: tx,
                logger: logger)
            return listings
        }
    }
}
