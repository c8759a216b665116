import Foundation
public import ParkDeskCore
import PostgresNIO

/// Following a lead up: assigning it, moving it through the pipeline, notes and merging. Each change writes
/// the lead, its history entry and the audit log in one transaction.
extension LeadStore {
    /// Gives the lead to an agent (招商专员, by login), or to nobody with `nil`.
    public func assign(ref: String, to login: String?, actor: String) async throws -> Lead {
        let lead = try await find(ref: ref)
        try await change(lead, event: "assign", detail: login ?? "-", action: "lead.assign", actor: actor) { tx in
            var assigneeID: Int?
            if let login {
                assigneeID = try await StaffStore.agentID(login: login, field: "assignee", on: tx, logger: logger)
            }
            try await tx.run("UPDATE leads SET assignee_id = \(assigneeID) WHERE id = \(lead.id)", logger: logger)
        }
        return try await find(ref: lead.ref)
    }

    /// Moves the lead along the pipeline if the move is legal; lost and junk need a reason.
    public func changeStatus(ref: String, to target: LeadStatus, reason: String?, actor: String) async throws -> Lead {
        let lead = try await find(ref: ref)
        let reason = try lead.status.validateChange(to: target, reason: reason)
        try await change(
            lead, event: "status", detail: reason ?? "", action: "lead.status", actor: actor,
            from: lead.status, to: target
        ) { tx in
            let rows = try await tx.run(
                """
                UPDATE leads SET status = \(target.rawValue)::lead_status, status_reason = \(reason)
                WHERE id = \(lead.id) AND status = \(lead.status.rawValue)::lead_status RETURNING id
                """, logger: logger)
            var moved = false
            for try await _ in rows.decode(Int64.self) { moved = true }
            guard moved else { throw ValidationFailed("status", "the lead changed meanwhile; reload it and try again") }
        }
        return try await find(ref: lead.ref)
    }

    /// Adds a follow-up note (1–2000 characters).
    public func addNote(ref: String, body: String, actor: String) async throws -> Lead {
        let lead = try await find(ref: ref)
        let text = try LeadNote.validatedText(body)
        try await change(lead, event: "note", detail: String(text.prefix(100)), action: "lead.note", actor: actor) {
            tx in
            try await tx.run(
                "INSERT INTO lead_notes (lead_id, author, body) VALUES (\(lead.id), \(actor), \(text))",
                logger: logger)
        }
        return try await find(ref: lead.ref)
    }

    /// Merges `otherRef` into `keepRef`: its inquiries and notes move over, fields the kept lead lacks are
    /// filled in, and the other lead stays only as a pointer to the kept one.
    public func merge(keep keepRef: String, absorb otherRef: String, actor: String) async throws -> Lead {
        let keep = try await find(ref: keepRef)
        // the lead to absorb is named in the body: unknown, it is a wrong field, not a missing target
        let other: Lead
        do { other = try await find(ref: otherRef) } catch is NotFound {
            throw ValidationFailed("other", "there is no lead '\(otherRef)'")
        }
        guard keep.id != other.id else { throw ValidationFailed("other", "a lead cannot be merged with itself") }
        for lead in [keep, other] where lead.mergedInto != nil {
            throw ValidationFailed("other", "\(lead.ref) was merged into \(lead.mergedInto ?? "") already")
        }
        // an erased lead takes no personal data, and gives none back (PIPL): neither side may be erased
        for (field, lead) in [("ref", keep), ("other", other)] where lead.erasedAt != nil {
            throw ValidationFailed(field, "\(lead.ref) was erased; an erased lead cannot be merged")
        }
        try await change(keep, event: "merge", detail: "absorbed \(other.ref)", action: "lead.merge", actor: actor) {
            tx in
            try await tx.run(
                "SELECT id FROM leads WHERE id IN (\(keep.id), \(other.id)) ORDER BY id FOR UPDATE", logger: logger)
            try await tx.run(
                "UPDATE lead_inquiries SET lead_id = \(keep.id) WHERE lead_id = \(other.id)", logger: logger)
            try await tx.run("UPDATE lead_notes SET lead_id = \(keep.id) WHERE lead_id = \(other.id)", logger: logger)
            try await tx.run(
                """
                UPDATE leads k SET inquiry_count = k.inquiry_count + o.inquiry_count,
                       last_inquiry_at = greatest(k.last_inquiry_at, o.last_inquiry_at),
                       company = coalesce(k.company, o.company), credit_code = coalesce(k.credit_code, o.credit_code),
                       -- a person's own ways of being reached only from the same person (the same mobile)
                       landline = CASE WHEN k.mobile = o.mobile THEN coalesce(k.landline, o.landline)
                                       ELSE k.landline END,
                       wechat = CASE WHEN k.mobile = o.mobile THEN coalesce(k.wechat, o.wechat) ELSE k.wechat END,
                       email = CASE WHEN k.mobile = o.mobile THEN coalesce(k.email, o.email) ELSE k.email END,
                       intended_use = coalesce(k.intended_use, o.intended_use),
                       need_text = coalesce(k.need_text, o.need_text), listing_id = coalesce(k.listing_id, o.listing_id)
                FROM leads o WHERE k.id = \(keep.id) AND o.id = \(other.id)
                """, logger: logger)
            try await tx.run(
                """
                UPDATE leads SET merged_into = \(keep.id), updated_at = now(), version = version + 1 WHERE id =
                    \(other.id)
                """, logger: logger)
            try await tx.run(
                """
                INSERT INTO lead_history (lead_id, actor, event, detail) VALUES (\(other.id), \(actor), 'merge',
                    \("merged into \(keep.ref)"))
                """, logger: logger)
        }
        return try await find(ref: keep.ref)
    }

    /// Active listings that fit the lead's need, best first, with the score's reasons.
    public func matches(ref: String, limit: Int = 10) async throws -> [ListingMatch] {
        try await matches(for: try await find(ref: ref), limit: limit)
    }

    /// The matches of a lead already read.
    public func matches(for lead: Lead, limit: Int = 10) async throws -> [ListingMatch] {
        let need = lead.fields
        let districtIDs = try await places.districtIDs(named: need.districts, field: "districts")
        let rows = try await client.run(
            """
            SELECT \(Self.candidateColumns) FROM \(Self.candidateFrom)
            WHERE l.status = 'active'
              AND (cardinality(\(need.kinds.map(\.rawValue))::listing_kind[]) = 0
                   OR l.kind = ANY(\(need.kinds.map(\.rawValue))::listing_kind[]))
              AND (\(need.deal?.rawValue)::deal_type IS NULL OR l.deal = \(need.deal?.rawValue)::deal_type)
              AND (\(need.minArea)::numeric IS NULL OR coalesce(l.building_area_m2, l.land_area_m2) >=
                  \(need.minArea) * 0.8)
              AND (\(need.maxArea)::numeric IS NULL OR coalesce(l.building_area_m2, l.land_area_m2) <=
                  \(need.maxArea) * 1.2)
              AND (\(need.minCraneTons)::numeric IS NULL OR l.crane_max_tons >= \(need.minCraneTons))
            ORDER BY (l.district_id = ANY(\(districtIDs)::smallint[])) DESC, l.created_at DESC, l.id DESC
            LIMIT 500
            """, logger: logger)
        let candidates = try await Self.candidates(rows)
        return ListingMatch.rank(need: need, candidates: candidates, limit: max(1, min(limit, 100)))
    }

    /// What the match score reads of a listing (`l` is `listings`).
    static let candidateColumns: SQL = """
        l.ref, l.title, l.kind::text, l.deal::text, d.name, p.name, coalesce(l.building_area_m2, l.land_area_m2),
        l.crane_max_tons, l.price_monthly_per_m2, l.price_total_yuan / 10000
        """
    static let candidateFrom: SQL =
        "listings l JOIN districts d ON d.id = l.district_id LEFT JOIN parks p ON p.id = l.park_id"

    static func candidates(_ rows: PostgresRowSequence) async throws -> [MatchCandidate] {
        var candidates: [MatchCandidate] = []
        for try await (listingRef, title, kind, deal, district, park, area, crane, monthly, total)
            in rows.decode(
                (String, String, String, String, String, String?, Decimal, Decimal?, Decimal?, Decimal?).self)
        {
            guard let kind = ListingKind(rawValue: kind), let deal = DealType(rawValue: deal) else { continue }
            candidates.append(
                MatchCandidate(
                    ref: listingRef, title: title, kind: kind, deal: deal, district: district, park: park,
                    area: area, craneTons: crane, monthlyPerM2: monthly, totalWan: total))
        }
        return candidates
    }

    /// One change to a lead: `body`, then `updated_at`/`version`, the history entry and the audit entry.
    func change(
        _ lead: Lead, event: String, detail: String, action: String, actor: String,
        from: LeadStatus? = nil, to: LeadStatus? = nil,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws {
        try await transaction { tx in
            try await body(tx)
            try await tx.run(
                "UPDATE leads SET updated_at = now(), version = version + 1 WHERE id = \(lead.id)", logger: logger)
            try await tx.run(
                """
                INSERT INTO lead_history (lead_id, actor, event, from_status, to_status, detail)
                VALUES (\(lead.id), \(actor), \(event), \(from?.rawValue)::lead_status, \(to?.rawValue)::lead_status,
                        \(String(detail.prefix(1000))))
                """, logger: logger)
            try await AuditLog.record(
                action, target: lead.ref, actor: actor, detail: ["event": event], on: tx, logger: logger)
        }
    }
}
