import Foundation
public import ParkDeskCore
import PostgresNIO

extension ListingStore {
    /// The console's list: a page of listings changed last first.
    public func workList(_ filter: ListingWorkFilter) async throws -> [ListingLine] {
        let conditions = Self.conditions(filter)
        let statuses = filter.statuses.map(\.rawValue)
        let rows = try await client.read(
            """
            SELECT l.ref, l.title, l.kind::text AS kind, l.deal::text AS deal, l.status::text AS status,
                   p.name AS park, d.name AS district, coalesce(l.building_area_m2, l.land_area_m2) AS area,
                   l.price_amount, l.price_unit::text AS price_unit, l.updated_at,
                   (SELECT m.file_sha256 FROM listing_media m JOIN media_files f ON f.sha256 = m.file_sha256
                     WHERE m.listing_id = l.id AND m.kind <> 'certificate' AND f.format <> 'pdf'
                     ORDER BY m.position LIMIT 1) AS cover,
                   l.status IN ('active', 'pending')
                     AND l.updated_at < now() - (\(filter.expireDays) - 14) * interval '1 day' AS expires_soon
            FROM \(ListingRow.from)
            WHERE \(conditions)
              AND (cardinality(\(statuses)::text[]) = 0 OR l.status = ANY(\(statuses)::listing_status[]))
            ORDER BY l.updated_at DESC, l.id DESC
            LIMIT \(max(1, min(filter.limit, 500))) OFFSET \(max(0, filter.offset))
            """, logger: logger)
        var lines: [ListingLine] = []
        for try await row in rows {
            let r = RowReader(row, table: "listings")
            lines.append(
                ListingLine(
                    ref: try r.value("ref"), title: try r.value("title"),
                    kind: try r.required("kind", ListingKind.self),
                    deal: try r.required("deal", DealType.self), status: try r.required("status", ListingStatus.self),
                    park: try r.value("park"), district: try r.value("district"), area: try r.value("area"),
                    priceAmount: try r.value("price_amount"), priceUnit: try r.required("price_unit", PriceUnit.self),
                    updatedAt: try r.value("updated_at"), cover: try r.value("cover"),
                    expiresSoon: try r.value("expires_soon")))
        }
        return lines
    }

    /// How many listings of each status the filter finds, whatever its statuses (the tabs to switch between).
    public func statusCounts(_ filter: ListingWorkFilter) async throws -> [ListingStatus: Int] {
        let conditions = Self.conditions(filter)
        var counts: [ListingStatus: Int] = [:]
        // the filter names only the listing's own columns: no join, and an index-only count by status
        let countRows = try await client.read(
            "SELECT l.status::text, count(*)::int FROM listings l WHERE \(conditions) GROUP BY l.status",
            logger: logger)
        for try await (status, count) in countRows.decode((String, Int).self) {
            if let status = ListingStatus(rawValue: status) { counts[status] = count }
        }
        return counts
    }

    /// The filter's conditions on `listings l` (its own columns only), the status aside.
    static func conditions(_ filter: ListingWorkFilter) -> SQL {
        var conditions: [SQL] = ["TRUE"]
        if let kind = filter.kind { conditions.append("l.kind = \(kind.rawValue)::listing_kind") }
        if let scope = filter.parkScope { conditions.append("l.park_id = ANY(\(scope))") }
        if let park = filter.parkID { conditions.append("l.park_id = \(park)") }
        if let district = filter.districtID { conditions.append("l.district_id = \(district)") }
        if let text = filter.text {
            // the gram index gives the candidates, looked up in a hash while the newest listings are read in order,
            // and the words themselves decide for those only (a plain `@>` let the planner walk the listings
            // computing every text's grams: 1.7 s for 行车 at 10,000 listings)
            conditions.append(
                """
                (l.ref = upper(\(text))
                 OR (l.id IN (
                        SELECT id FROM listings
                        WHERE text_grams(title || ' ' || description || ' ' || address) @> query_grams(\(text)))
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
