import Foundation
import ParkDeskCore
import PostgresNIO

/// The one column list every lead read uses, and its decoding into `Lead`.
enum LeadRow {
    static let columns: SQL = """
        l.id, l.ref, l.status::text AS status, l.status_reason, l.wanted_kinds::text[] AS wanted_kinds,
        l.deal::text AS deal, l.min_area_m2, l.max_area_m2, l.budget_amount, l.budget_unit::text AS budget_unit,
        ARRAY(SELECT d.name FROM districts d WHERE d.id = ANY(l.district_ids) ORDER BY array_position(l.district_ids,
            d.id)) AS districts,
        ARRAY(SELECT p.name FROM parks p WHERE p.id = ANY(l.park_ids) ORDER BY array_position(l.park_ids, p.id)) AS
            parks,
        l.min_crane_tons, l.move_in::text AS move_in, l.need_text, l.intended_use, l.expected_tax_wan, l.investment_wan,
        l.company, l.credit_code, l.contact_name, l.mobile, l.landline, l.wechat, l.email, l.message,
        li.ref AS listing_ref, l.source::text AS source, l.campaign, l.consent_version, l.consent_at,
        l.assignee_id, t.login AS assignee, m.ref AS merged_into, l.erased_at, l.created_by, l.created_at, l.updated_at,
        l.last_inquiry_at, l.inquiry_count, l.version,
        array_remove(l.park_ids || li.park_id, NULL) AS scope_parks
        """

    static let from: SQL = """
        leads l LEFT JOIN listings li ON li.id = l.listing_id LEFT JOIN staff t ON t.id = l.assignee_id
        LEFT JOIN leads m ON m.id = l.merged_into
        """

    static func decode(_ row: PostgresRow) throws -> Lead {
        let r = RowReader(row, table: "leads")
        let fields = ValidLead(
            kinds: try r.labeledArray("wanted_kinds", ListingKind.self), deal: try r.labeled("deal", DealType.self),
            minArea: try r.value("min_area_m2"),
            maxArea: try r.value("max_area_m2"), budget: try r.value("budget_amount"),
            budgetUnit: try r.labeled("budget_unit", PriceUnit.self), districts: try r.value("districts"),
            parks: try r.value("parks"), minCraneTons: try r.value("min_crane_tons"), moveIn: try r.value("move_in"),
            needText: try r.value("need_text"), intendedUse: try r.value("intended_use"),
            expectedTax: try r.value("expected_tax_wan"), investment: try r.value("investment_wan"),
            company: try r.value("company"), creditCode: try r.value("credit_code"),
            contactName: try r.value("contact_name"),
            mobile: try r.value("mobile"), landline: try r.value("landline"), wechat: try r.value("wechat"),
            email: try r.value("email"), message: try r.value("message"), listingRef: try r.value("listing_ref"),
            source: try r.required("source", LeadSource.self), campaign: try r.value("campaign"),
            consentVersion: try r.value("consent_version"))
        return Lead(
            id: try r.value("id"), ref: try r.value("ref"), status: try r.required("status", LeadStatus.self),
            statusReason: try r.value("status_reason"),
            fields: fields, consentAt: try r.value("consent_at"), assigneeID: try r.value("assignee_id"),
            assignee: try r.value("assignee"), mergedInto: try r.value("merged_into"),
            erasedAt: try r.value("erased_at"),
            createdBy: try r.value("created_by"), createdAt: try r.value("created_at"),
            updatedAt: try r.value("updated_at"),
            lastInquiryAt: try r.value("last_inquiry_at"), inquiryCount: try r.value("inquiry_count"),
            version: try r.value("version"), scopeParkIDs: try r.value("scope_parks"))
    }
}
