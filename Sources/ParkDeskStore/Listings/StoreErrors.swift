import ParkDeskCore
import PostgresNIO

/// Maps database rule violations to field errors, a safety net behind Core's own validation.
enum StoreErrors {
    /// Constraint name → the field it guards.
    static let constraintFields: [String: String] = [
        "listing_status_transition": "status",
        "listing_price_amount": "priceAmount",
        "listing_price_unit_for_deal": "priceUnit",
        "listing_building_area_required": "buildingArea",
        "listing_building_fields": "kind",
        "listing_crane_fields": "craneTons",
        "listing_land_area_required": "landArea",
        "listing_land_fields": "kind",
        "listing_farmland_fields": "kind",
        "listing_leased_only_rent": "status",
        "listing_sold_not_rent": "status",
        "lead_status_transition": "status",
        "lead_area_range": "maxArea",
        "lead_budget_pair": "budgetUnit",
        "lead_reason_when_closed": "reason",
        "leads_mobile_check": "mobile",
        "leads_credit_code_check": "creditCode",
        "leads_email_check": "email",
        "leads_landline_check": "landline",
    ]

    static func translate(_ error: any Error) -> any Error {
        guard let psql = error as? PSQLError, let info = psql.serverInfo,
            let state = info[.sqlState]
        else { return error }
        let constraint = info[.constraintName] ?? ""
        let message = info[.message] ?? "violates a rule"
        switch state {
        case "23514", "23502", "23503", "22001", "22003", "22P02":
            let field =
                constraintFields[constraint]
                ?? constraint.split(separator: "_").dropFirst().dropLast().joined(separator: "_")
            return ValidationFailed(field.isEmpty ? "input" : field, message)
        default:
            return error
        }
    }
}
