import Foundation
import ParkDeskCore
import PostgresNIO

/// The one column list every lead read uses, and its decoding into `Lead`.
enum LeadRow {
    static let columns = """
        l.id, l.ref, l.status::text AS status, l.status_reason, l.wanted_kinds::text[] AS wanted_kinds,
        l.deal::text AS deal, l.min_area_m2, l.max_area_m2, l.budget_amount, l.budget_unit::text AS budget_unit,
        ARRAY(SELECT d.name FROM districts d WHERE d.id = ANY(l.district_ids) ORDER BY array_position(l.district_ids, d.id)) AS districts,
        ARRAY(SELECT p.name FROM parks p WHERE p.id = ANY(l.park_ids) ORDER BY array_position(l.park_ids, p.id)) AS parks,
        l.min_crane_tons, l.move_in::text AS move_in, l.need_text, l.intended_use, l.expected_tax_wan, l.investment_wan,
        l.company, l.credit_code, l.contact_name, l.mobile, l.landline, l.wechat, l.email, l.message,
        li.ref AS listing_ref, l.source::text AS source, l.campaign, l.consent_version, l.consent_at,
        l.assignee_id, t.name AS assignee, m.ref AS merged_into, l.erased_at, l.created_by, l.created_at, l.updated_at,
        l.last_inquiry_at, l.inquiry_count, l.version
        """

    static let from = """
        leads l LEFT JOIN listings li ON li.id = l.listing_id LEFT JOIN api_tokens t ON t.id = l.assignee_id
        LEFT JOIN leads m ON m.id = l.merged_into
        """

    struct Corrupt: Error, CustomStringConvertible {
        let column: String
        var description: String { "unexpected value in leads.\(column)" }
    }

    static func decode(_ row: PostgresRow) throws -> Lead {
        let r = row.makeRandomAccess()
        func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
            try r[column].decode(T.self, context: .default)
        }
        func labeled<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> E? {
            guard let raw = try value(column, String?.self) else { return nil }
            guard let parsed = E(rawValue: raw) else { throw Corrupt(column: column) }
            return parsed
        }
        let kinds = try value("wanted_kinds", [String].self).map { raw in
            guard let kind = ListingKind(rawValue: raw) else { throw Corrupt(column: "wanted_kinds") }
            return kind
        }
        guard let source = try labeled("source", LeadSource.self) else { throw Corrupt(column: "source") }
        guard let status = try labeled("status", LeadStatus.self) else { throw Corrupt(column: "status") }
        let fields = ValidLead(
            kinds: kinds, deal: try labeled("deal", DealType.self), minArea: try value("min_area_m2"),
            maxArea: try value("max_area_m2"), budget: try value("budget_amount"),
            budgetUnit: try labeled("budget_unit", PriceUnit.self), districts: try value("districts"),
            parks: try value("parks"), minCraneTons: try value("min_crane_tons"), moveIn: try value("move_in"),
            needText: try value("need_text"), intendedUse: try value("intended_use"),
            expectedTax: try value("expected_tax_wan"), investment: try value("investment_wan"),
            company: try value("company"), creditCode: try value("credit_code"), contactName: try value("contact_name"),
            mobile: try value("mobile"), landline: try value("landline"), wechat: try value("wechat"),
            email: try value("email"), message: try value("message"), listingRef: try value("listing_ref"),
            source: source, campaign: try value("campaign"), consentVersion: try value("consent_version"))
        return Lead(
            id: try value("id"), ref: try value("ref"), status: status, statusReason: try value("status_reason"),
            fields: fields, consentAt: try value("consent_at"), assigneeID: try value("assignee_id"),
            assignee: try value("assignee"), mergedInto: try value("merged_into"), erasedAt: try value("erased_at"),
            createdBy: try value("created_by"), createdAt: try value("created_at"), updatedAt: try value("updated_at"),
            lastInquiryAt: try value("last_inquiry_at"), inquiryCount: try value("inquiry_count"),
            version: try value("version"))
    }
}
