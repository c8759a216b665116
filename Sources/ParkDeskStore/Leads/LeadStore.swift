public import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// Leads in PostgreSQL. A capture runs in one transaction: the lead (or the inquiry attached to the open
/// lead of the same person), its history entry and the idempotency record are written together or not at all.
public struct LeadStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    let places: PlaceStore

    /// How long an open lead collects new inquiries from the same mobile or credit code.
    public static let duplicateWindowDays = 30

    /// Where a capture came from.
    public struct Arrival: Sendable {
        public var actor: String
        public var clientIP: String?
        /// Staff entries (CLI, admin API) go to the audit log; website posts do not.
        public var audited: Bool

        public init(actor: String, clientIP: String? = nil, audited: Bool) {
            (self.actor, self.clientIP, self.audited) = (actor, clientIP, audited)
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
    /// last 30 days, in `capture_lead()`. A website post is that one statement; staff entries add the audit entry
    /// in the same transaction.
    public func capture(_ lead: ValidLead, arrival: Arrival) async throws -> Capture {
        let refs = try await resolve(lead, publicOnly: !arrival.audited)
        let receipt = UUID()
        let call = try Self.captureCall(lead, refs, receipt: receipt, arrival: arrival)
        guard arrival.audited else {
            return try await Self.capture(receipt: receipt, on: client.run(call, logger: logger))
        }
        return try await transaction { tx in
            let capture = try await Self.capture(receipt: receipt, on: tx.run(call, logger: logger))
            try await AuditLog.record(
                capture.attached ? "lead.inquiry" : "lead.create", target: capture.ref,
                actor: arrival.actor, detail: ["source": lead.source.rawValue], on: tx, logger: logger)
            return capture
        }
    }

    /// A capture under an `Idempotency-Key`: the key is taken, the lead stored and the answer recorded in one
    /// transaction (see `IdempotencyKeys`).
    public func capture(
        _ lead: ValidLead, arrival: Arrival, key: IdempotencyKeys.Key
    ) async throws
        -> IdempotencyKeys.Outcome
    {
        let refs = try await resolve(lead, publicOnly: !arrival.audited)
        let receipt = UUID()
        let call = try Self.captureCall(lead, refs, receipt: receipt, arrival: arrival)
        return try await transaction { tx in
            if let refusal = try await IdempotencyKeys.take(key, on: tx, logger: logger) { return refusal }
            let capture = try await Self.capture(receipt: receipt, on: tx.run(call, logger: logger))
            try await IdempotencyKeys.record(
                key, receipt: receipt, receivedAt: capture.receivedAt, on: tx, logger: logger)
            return .captured(capture)
        }
    }

    private static func capture(receipt: UUID, on rows: PostgresRowSequence) async throws -> Capture {
        for try await (id, ref, at, attached) in rows.decode((Int64, String, Date, Bool).self) {
            return Capture(leadID: id, ref: ref, receipt: receipt, receivedAt: at, attached: attached)
        }
        throw NotFound("lead", receipt.uuidString)
    }

    /// `capture_lead()` (sql/0007): the lead's and the inquiry's columns as two JSON objects, the only parameters.
    static func captureCall(_ l: ValidLead, _ refs: References, receipt: UUID, arrival: Arrival) throws -> SQL {
        let lead = CapturedLead(
            wantedKinds: l.kinds.map(\.rawValue), deal: l.deal?.rawValue, minAreaM2: l.minArea, maxAreaM2: l.maxArea,
            budgetAmount: l.budget, budgetUnit: l.budgetUnit?.rawValue, districtIds: refs.districtIDs,
            parkIds: refs.parkIDs,
            minCraneTons: l.minCraneTons, moveIn: l.moveIn, needText: l.needText, intendedUse: l.intendedUse,
            expectedTaxWan: l.expectedTax, investmentWan: l.investment, company: l.company, creditCode: l.creditCode,
            contactName: l.contactName, mobile: l.mobile, landline: l.landline, wechat: l.wechat, email: l.email,
            message: l.message, listingId: refs.listingID, source: l.source.rawValue, campaign: l.campaign,
            consentVersion: l.consentVersion, createdBy: arrival.actor)
        let inquiry = CapturedInquiry(
            receipt: receipt, source: l.source.rawValue, campaign: l.campaign, listingId: refs.listingID,
            message: l.message, clientIp: arrival.clientIP, enteredBy: arrival.actor,
            unavailableListingRef: refs.unavailableListingRef)
        let encoder = JSONEncoder()
        let leadJSON = String(decoding: try encoder.encode(lead), as: UTF8.self)
        let inquiryJSON = String(decoding: try encoder.encode(inquiry), as: UTF8.self)
        return """
            SELECT captured_id, captured_ref, captured_at, captured_attached
            FROM capture_lead(\(leadJSON)::jsonb, \(inquiryJSON)::jsonb, \(duplicateWindowDays)::int)
            """
    }

    /// The columns of `leads` a capture fills (the keys are the column names).
    private struct CapturedLead: Encodable {
        let wantedKinds: [String], deal: String?, minAreaM2: Decimal?, maxAreaM2: Decimal?, budgetAmount: Decimal?
        let budgetUnit: String?, districtIds: [Int], parkIds: [Int], minCraneTons: Decimal?, moveIn: String?
        let needText: String?, intendedUse: String?, expectedTaxWan: Decimal?, investmentWan: Decimal?
        let company: String?, creditCode: String?, contactName: String?, mobile: String?, landline: String?
        let wechat: String?, email: String?, message: String?, listingId: Int64?, source: String, campaign: String?
        let consentVersion: String?, createdBy: String
        enum CodingKeys: String, CodingKey {
            case wantedKinds = "wanted_kinds", deal, minAreaM2 = "min_area_m2", maxAreaM2 = "max_area_m2"
            case budgetAmount = "budget_amount", budgetUnit = "budget_unit", districtIds = "district_ids", parkIds =
                "park_ids"
            case minCraneTons = "min_crane_tons", moveIn = "move_in", needText = "need_text", intendedUse =
                "intended_use"
            case expectedTaxWan = "expected_tax_wan", investmentWan = "investment_wan", company, creditCode =
                "credit_code"
            case contactName = "contact_name", mobile, landline, wechat
            case email, message, listingId = "listing_id", source
            case campaign, consentVersion = "consent_version", createdBy = "created_by"
        }
    }

    /// The columns of `lead_inquiries` a capture fills.
    private struct CapturedInquiry: Encodable {
        let receipt: UUID, source: String, campaign: String?, listingId: Int64?, message: String?
        let clientIp: String?, enteredBy: String, unavailableListingRef: String?
        enum CodingKeys: String, CodingKey {
            case receipt, source, campaign, listingId = "listing_id"
            case message, clientIp = "client_ip", enteredBy = "entered_by"
            case unavailableListingRef = "unavailable_listing_ref"
        }
    }

    // MARK: - Reading

    public func find(ref: String) async throws -> Lead {
        let rows = try await client.run(
            "SELECT \(LeadRow.columns) FROM \(LeadRow.from) WHERE l.ref = \(ref.uppercased())",
            logger: logger)
        for try await row in rows { return try LeadRow.decode(row) }
        throw NotFound("lead", ref)
    }

    /// A lead with its inquiries, notes and history.
    public func detail(ref: String) async throws -> LeadDetail {
        let lead = try await find(ref: ref)
        var inquiries: [LeadInquiry] = []
        let inquiryRows = try await client.run(
            """
            SELECT i.receipt, i.received_at, i.source::text AS source, i.campaign, li.ref, i.message, i.entered_by,
                   i.unavailable_listing_ref, i.contact_name, i.mobile, i.landline, i.wechat, i.email, i.company,
                   i.need_text, i.intended_use
            FROM lead_inquiries i LEFT JOIN listings li ON li.id = i.listing_id
            WHERE i.lead_id = \(lead.id) ORDER BY i.received_at, i.id
            """, logger: logger)
        for try await row in inquiryRows {
            let r = RowReader(row, table: "lead_inquiries")
            inquiries.append(
                LeadInquiry(
                    receipt: try r.value("receipt"), receivedAt: try r.value("received_at"),
                    source: LeadSource(rawValue: try r.value("source")) ?? .web, campaign: try r.value("campaign"),
                    listingRef: try r.value("ref"), message: try r.value("message"),
                    enteredBy: try r.value("entered_by"),
                    contact: LeadContact(
                        name: try r.value("contact_name"), mobile: try r.value("mobile"),
                        landline: try r.value("landline"), wechat: try r.value("wechat"),
                        email: try r.value("email"), company: try r.value("company")),
                    needText: try r.value("need_text"), intendedUse: try r.value("intended_use"),
                    unavailableListingRef: try r.value("unavailable_listing_ref")))
        }
        var notes: [LeadNote] = []
        let noteRows = try await client.run(
            "SELECT author, body, created_at FROM lead_notes WHERE lead_id = \(lead.id) ORDER BY created_at, id",
            logger: logger)
        for try await (author, body, at) in noteRows.decode((String, String, Date).self) {
            notes.append(LeadNote(author: author, body: body, createdAt: at))
        }
        var history: [LeadEvent] = []
        let historyRows = try await client.run(
            """
            SELECT at, actor, event, from_status::text, to_status::text, detail
            FROM lead_history WHERE lead_id = \(lead.id) ORDER BY at, id
            """, logger: logger)
        for try await (at, actor, event, from, to, detail) in historyRows.decode(
            (Date, String, String, String?, String?, String).self)
        {
            history.append(
                LeadEvent(
                    at: at, actor: actor, event: event, from: from.flatMap(LeadStatus.init(rawValue:)),
                    to: to.flatMap(LeadStatus.init(rawValue:)), detail: detail))
        }
        return LeadDetail(lead: lead, inquiries: inquiries, notes: notes, history: history)
    }

    /// Leads matching the filter, newest first, merged leads left out.
    public func list(_ filter: LeadFilter) async throws -> [Lead] {
        let filter = try filter.validated()
        var conditions = LeadFilterSQL.condition(filter)
        if let before = filter.beforeID { conditions += " AND l.id < \(before)" }
        let sql: SQL = """
            SELECT \(LeadRow.columns) FROM \(LeadRow.from) WHERE \(conditions) ORDER BY l.id DESC LIMIT \(filter.limit)
            """
        let rows = try await client.run(sql, logger: logger)
        var leads: [Lead] = []
        for try await row in rows { leads.append(try LeadRow.decode(row)) }
        return leads
    }

    // MARK: - Helpers

    /// The ids a lead refers to: the listing it came from, preferred districts and parks.
    struct References {
        var listingID: Int64?
        /// A public inquiry's listing that the public cannot see (or that does not exist), as it was named.
        var unavailableListingRef: String?
        var districtIDs: [Int]
        var parkIDs: [Int]
    }

    /// With `publicOnly` (website and public API posts), a listing the public cannot see (draft, withdrawn, let,
    /// sold, expired) or that does not exist does not stop the inquiry: the lead is taken as any other, the ref is
    /// kept as unavailable (and the listing linked when it exists), and the answer is the same for both, so
    /// unpublished refs cannot be probed. Staff entries must name an existing listing.
    func resolve(_ lead: ValidLead, publicOnly: Bool) async throws -> References {
        var errors: [FieldError] = []
        var refs = References(listingID: nil, districtIDs: [], parkIDs: [])
        do { refs.districtIDs = try await places.districtIDs(named: lead.districts, field: "districts") } catch let e
            as ValidationFailed
        {
            errors += e.errors
        }
        if let listingRef = lead.listingRef {
            let rows = try await client.run(
                """
                SELECT id, status::text = ANY(\(ListingStatus.publicStatuses.map(\.rawValue))) FROM listings
                WHERE ref = \(listingRef.uppercased())
                """, logger: logger)
            var isPublic = false
            for try await (id, shown) in rows.decode((Int64, Bool).self) { (refs.listingID, isPublic) = (id, shown) }
            if publicOnly && !isPublic {
                refs.unavailableListingRef = listingRef.uppercased()
            } else if refs.listingID == nil {
                errors.append(FieldError("listingRef", "there is no listing '\(listingRef)'"))
            }
        }
        do {
            refs.parkIDs = try await PlaceStore.parkIDs(
                named: lead.parks, field: "parks", client: client, logger: logger)
        } catch let e as ValidationFailed {
            errors += e.errors
        }
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return refs
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        try await client.writeTransaction(logger: logger, body)
    }
}
