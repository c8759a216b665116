public import Foundation
public import Logging
public import ParkDeskCore
public import PostgresNIO

/// Leads in PostgreSQL. A capture runs in one transaction: the lead (or the inquiry attached to the open
/// lead of the same person), its history entry and the idempotency record are written together or not at all.
public struct LeadStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    let districts: DistrictDirectory

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.districts = DistrictDirectory(places: PlaceStore(client: client, logger: logger))
    }

    /// How long an open lead collects new inquiries from the same mobile or credit code.
    public static let duplicateWindowDays = 30

    /// Where a capture came from.
    public struct Arrival: Sendable {
        public var actor: String
        public var clientIP: String?
        /// Staff entries (CLI, admin API) go to the audit log; website posts do not.
        public var audited: Bool

        public init(actor: String, clientIP: String? = nil, audited: Bool) {
            self.actor = actor
            self.clientIP = clientIP
            self.audited = audited
        }
    }

    /// What a capture did: a new lead, or a new inquiry on the open lead of the same person.
    public struct Capture: Sendable, Equatable {
        public var leadID: Int64
        public var ref: String
        public var receipt: UUID
        public var receivedAt: Date
        public var attached: Bool
    }

    /// Stores a lead, or attaches it as an inquiry to the open lead with the same mobile or credit code from the
    /// last 30 days. With `idempotencyKey` (claimed before), the answer is recorded in the same transaction.
    public func capture(_ lead: ValidLead, arrival: Arrival, idempotencyKey: String? = nil) async throws -> Capture {
        let refs = try await resolve(lead)
        let receipt = UUID()
        return try await transaction { tx in
            try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\("lead-mobile:" + (lead.mobile ?? "")), 0))",
                               logger: logger)
            if let code = lead.creditCode {
                try await tx.query("SELECT pg_advisory_xact_lock(hashtextextended(\("lead-credit:" + code), 0))", logger: logger)
            }
            let open = try await tx.query("""
                SELECT id FROM leads
                WHERE merged_into IS NULL AND status NOT IN ('landed', 'lost', 'junk')
                  AND last_inquiry_at > now() - make_interval(days => \(Self.duplicateWindowDays)::int)
                  AND (mobile = \(lead.mobile) OR (\(lead.creditCode)::text IS NOT NULL AND credit_code = \(lead.creditCode)))
                ORDER BY last_inquiry_at DESC LIMIT 1
                """, logger: logger)
            var existing: Int64?
            for try await id in open.decode(Int64.self) { existing = id }
            let rows = try await tx.query(
                try Self.captureStatement(lead, refs, receipt: receipt, arrival: arrival, existing: existing), logger: logger)
            var capture: Capture?
            for try await (id, ref, at) in rows.decode((Int64, String, Date).self) {
                capture = Capture(leadID: id, ref: ref, receipt: receipt, receivedAt: at, attached: existing != nil)
            }
            guard let capture else { throw NotFound("lead", String(existing ?? 0)) }
            if arrival.audited {
                try await AuditLog.record(capture.attached ? "lead.inquiry" : "lead.create", target: capture.ref,
                                          actor: arrival.actor, detail: ["source": lead.source.rawValue], on: tx, logger: logger)
            }
            if let idempotencyKey {
                try await IdempotencyKeys.complete(idempotencyKey, receipt: receipt, receivedAt: capture.receivedAt,
                                                   on: tx, logger: logger)
            }
            return capture
        }
    }

    /// One statement: the lead (new, or the open one updated), its inquiry and its history entry.
    static func captureStatement(_ l: ValidLead, _ refs: References, receipt: UUID, arrival: Arrival,
                                 existing: Int64?) throws -> PostgresQuery {
        var sql = QueryBuilder(try existing.map { attachInquiry(to: $0, l, refs) } ?? insertLead(l, refs, arrival: arrival))
        let isNew = existing == nil
        sql.append("""
            ), inquiry AS (
                INSERT INTO lead_inquiries (lead_id, receipt, source, campaign, listing_id, message, client_ip, entered_by)
                SELECT id, \(try sql.bind(receipt)), \(try sql.bind(l.source.rawValue))::lead_source, \(try sql.bind(l.campaign)),
                       \(try sql.bind(refs.listingID)), \(try sql.bind(l.message)), \(try sql.bind(arrival.clientIP))::inet,
                       \(try sql.bind(arrival.actor))
                FROM lead
            ), history AS (
                INSERT INTO lead_history (lead_id, actor, event, to_status, detail)
                SELECT id, \(try sql.bind(arrival.actor)), \(try sql.bind(isNew ? "created" : "inquiry")),
                       \(try sql.bind(isNew ? LeadStatus.new.rawValue : nil))::lead_status, \(try sql.bind(l.source.rawValue))
                FROM lead
            )
            SELECT id, ref, at FROM lead
            """)
        return sql.query
    }

    /// `WITH lead AS (INSERT …` — the new lead, up to the end of its CTE.
    static func insertLead(_ l: ValidLead, _ refs: References, arrival: Arrival) throws -> PostgresQuery {
        try """
        WITH lead AS (
            INSERT INTO leads (wanted_kinds, deal, min_area_m2, max_area_m2, budget_amount, budget_unit, district_ids,
                               park_ids, min_crane_tons, move_in, need_text, intended_use, expected_tax_wan,
                               investment_wan, company, credit_code, contact_name, mobile, landline, wechat, email, message,
                               listing_id, source, campaign, consent_version, consent_at, created_by)
            VALUES (\(l.kinds.map(\.rawValue))::listing_kind[], \(l.deal?.rawValue)::deal_type, \(l.minArea), \(l.maxArea),
                    \(l.budget), \(l.budgetUnit?.rawValue)::price_unit, \(refs.districtIDs)::smallint[],
                    \(refs.parkIDs)::integer[], \(l.minCraneTons), \(l.moveIn)::date, \(l.needText), \(l.intendedUse),
                    \(l.expectedTax), \(l.investment), \(l.company), \(l.creditCode), \(l.contactName), \(l.mobile),
                    \(l.landline), \(l.wechat), \(l.email), \(l.message), \(refs.listingID), \(l.source.rawValue)::lead_source,
                    \(l.campaign), \(l.consentVersion), CASE WHEN \(l.consentVersion)::text IS NOT NULL THEN now() END,
                    \(arrival.actor))
            RETURNING id, ref, created_at AS at
        """
    }

    /// `WITH lead AS (UPDATE …` — a later contact from the same person: what the lead did not know yet filled in.
    static func attachInquiry(to id: Int64, _ l: ValidLead, _ refs: References) -> PostgresQuery {
        """
        WITH lead AS (
            UPDATE leads SET last_inquiry_at = now(), updated_at = now(), inquiry_count = inquiry_count + 1,
                   company = coalesce(company, \(l.company)), credit_code = coalesce(credit_code, \(l.creditCode)),
                   landline = coalesce(landline, \(l.landline)), wechat = coalesce(wechat, \(l.wechat)),
                   email = coalesce(email, \(l.email)), intended_use = coalesce(intended_use, \(l.intendedUse)),
                   listing_id = coalesce(listing_id, \(refs.listingID))
            WHERE id = \(id)
            RETURNING id, ref, last_inquiry_at AS at
        """
    }

    // MARK: - Reading

    public func find(ref: String) async throws -> Lead {
        let rows = try await client.query(
            "SELECT \(unescaped: LeadRow.columns) FROM \(unescaped: LeadRow.from) WHERE l.ref = \(ref.uppercased())",
            logger: logger)
        for try await row in rows { return try LeadRow.decode(row) }
        throw NotFound("lead", ref)
    }

    /// A lead with its inquiries, notes and history.
    public func detail(ref: String) async throws -> LeadDetail {
        let lead = try await find(ref: ref)
        var inquiries: [LeadInquiry] = []
        let inquiryRows = try await client.query("""
            SELECT i.receipt, i.received_at, i.source::text, i.campaign, li.ref, i.message, i.entered_by
            FROM lead_inquiries i LEFT JOIN listings li ON li.id = i.listing_id
            WHERE i.lead_id = \(lead.id) ORDER BY i.received_at, i.id
            """, logger: logger)
        for try await (receipt, at, source, campaign, listing, message, by)
            in inquiryRows.decode((UUID, Date, String, String?, String?, String?, String).self) {
            inquiries.append(LeadInquiry(receipt: receipt, receivedAt: at, source: LeadSource(rawValue: source) ?? .web,
                                         campaign: campaign, listingRef: listing, message: message, enteredBy: by))
        }
        var notes: [LeadNote] = []
        let noteRows = try await client.query(
            "SELECT author, body, created_at FROM lead_notes WHERE lead_id = \(lead.id) ORDER BY created_at, id",
            logger: logger)
        for try await (author, body, at) in noteRows.decode((String, String, Date).self) {
            notes.append(LeadNote(author: author, body: body, createdAt: at))
        }
        var history: [LeadEvent] = []
        let historyRows = try await client.query("""
            SELECT at, actor, event, from_status::text, to_status::text, detail
            FROM lead_history WHERE lead_id = \(lead.id) ORDER BY at, id
            """, logger: logger)
        for try await (at, actor, event, from, to, detail) in historyRows.decode((Date, String, String, String?, String?, String).self) {
            history.append(LeadEvent(at: at, actor: actor, event: event, from: from.flatMap(LeadStatus.init(rawValue:)),
                                     to: to.flatMap(LeadStatus.init(rawValue:)), detail: detail))
        }
        return LeadDetail(lead: lead, inquiries: inquiries, notes: notes, history: history)
    }

    /// Leads matching the filter, newest first, merged leads left out.
    public func list(_ filter: LeadFilter) async throws -> [Lead] {
        let filter = try filter.validated()
        var sql = QueryBuilder()
        sql.append("SELECT \(LeadRow.columns) FROM \(LeadRow.from) WHERE ")
        try LeadFilterSQL.append(filter, to: &sql)
        sql.append(" AND (\(try sql.bind(filter.beforeID))::bigint IS NULL OR l.id < \(try sql.bind(filter.beforeID)))")
        sql.append(" ORDER BY l.id DESC LIMIT \(try sql.bind(filter.limit))")
        let rows = try await client.query(sql.query, logger: logger)
        var leads: [Lead] = []
        for try await row in rows { leads.append(try LeadRow.decode(row)) }
        return leads
    }

    // MARK: - Helpers

    /// The ids a lead refers to: the listing it came from, preferred districts and parks.
    struct References {
        var listingID: Int64?
        var districtIDs: [Int]
        var parkIDs: [Int]
    }

    func resolve(_ lead: ValidLead) async throws -> References {
        var errors: [FieldError] = []
        var refs = References(listingID: nil, districtIDs: [], parkIDs: [])
        do { refs.districtIDs = try await districts.ids(for: lead.districts, field: "districts") } catch let e as ValidationFailed {
            errors += e.errors
        }
        if let listingRef = lead.listingRef {
            let rows = try await client.query("SELECT id FROM listings WHERE ref = \(listingRef)", logger: logger)
            for try await id in rows.decode(Int64.self) { refs.listingID = id }
            if refs.listingID == nil { errors.append(FieldError("listingRef", "there is no listing '\(listingRef)'")) }
        }
        if !lead.parks.isEmpty {
            let rows = try await client.query("""
                SELECT wanted, p.id FROM unnest(\(lead.parks)::text[]) WITH ORDINALITY AS w(wanted, ord)
                LEFT JOIN parks p ON p.name = w.wanted OR p.id::text = w.wanted ORDER BY ord
                """, logger: logger)
            for try await (wanted, id) in rows.decode((String, Int?).self) {
                if let id { refs.parkIDs.append(id) } else { errors.append(FieldError("parks", "unknown park '\(wanted)'")) }
            }
        }
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return refs
    }

    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await client.writeTransaction(logger: logger, body)
    }
}
