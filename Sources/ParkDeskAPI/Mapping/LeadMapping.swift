import Foundation
import ParkDeskCore
import ParkDeskOpenAPI

/// What the staff's lead body and the website's inquiry body have in common (the generated types carry these
/// properties; the conformances below add nothing).
protocol LeadBody: Encodable {
    var need: Components.Schemas.LeadNeed? { get }
    var intendedUse: String? { get }
    var expectedTax: Double? { get }
    var investment: Double? { get }
    var company: String? { get }
    var creditCode: String? { get }
    var contactName: String { get }
    var mobile: String { get }
    var landline: String? { get }
    var wechat: String? { get }
    var email: String? { get }
    var message: String? { get }
    var listingRef: String? { get }
    var campaign: String? { get }
    var consentVersion: String? { get }
    /// The source the body names, if any.
    var leadSource: Components.Schemas.LeadSource? { get }
}

extension Components.Schemas.LeadInput: LeadBody {
    var leadSource: Components.Schemas.LeadSource? { source }
}

extension Components.Schemas.WebInquiry: LeadBody {
    var leadSource: Components.Schemas.LeadSource? { source.map { _ in .web } }
}

/// Leads between Core and the API's JSON (the generated schema types), labels beside keys.
enum LeadMapping {
    /// The request body as a Core draft; JSON numbers become exact decimals through their shortest text.
    static func draft(from body: some LeadBody, source: LeadSource?) throws -> LeadDraft {
        var draft = LeadDraft()
        var errors: [FieldError] = []
        func decimal(_ value: Double?, _ field: String) -> Decimal? {
            guard let value else { return nil }
            guard value.isFinite, let exact = Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX"))
            else {
                errors.append(FieldError(field, "is outside the range of accepted numbers"))
                return nil
            }
            return exact
        }
        if let need = body.need {
            draft.kinds = try need.kinds.map { try $0.map { try EnumMapping.convert($0) } }
            draft.deal = try EnumMapping.convert(need.deal)
            draft.minArea = decimal(need.minArea, "need.minArea")
            draft.maxArea = decimal(need.maxArea, "need.maxArea")
            draft.areaInMu = need.areaUnit == .mu
            draft.budget = decimal(need.budget, "need.budget")
            draft.budgetUnit = try EnumMapping.convert(need.budgetUnit)
            draft.districts = need.districts
            draft.parks = need.parks
            draft.minCraneTons = decimal(need.minCraneTons, "need.minCraneTons")
            draft.moveIn = need.moveIn
            draft.needText = need.text
        }
        draft.intendedUse = body.intendedUse
        draft.expectedTax = decimal(body.expectedTax, "expectedTax")
        draft.investment = decimal(body.investment, "investment")
        draft.company = body.company
        draft.creditCode = body.creditCode
        draft.contactName = body.contactName
        draft.mobile = body.mobile
        draft.landline = body.landline
        draft.wechat = body.wechat
        draft.email = body.email
        draft.message = body.message
        draft.listingRef = body.listingRef
        draft.source = try source ?? EnumMapping.convert(body.leadSource)
        draft.campaign = body.campaign
        draft.consentVersion = body.consentVersion
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return draft
    }

    /// Core's validation with field names as the JSON has them.
    static func validated(_ draft: LeadDraft) async throws -> ValidLead {
        try await renamingFields { try draft.validated() }
    }

    /// Runs `body`; field errors from Core come out under the JSON's field names.
    static func renamingFields<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let invalid as ValidationFailed {
            throw ValidationFailed(invalid.errors.map { FieldError(jsonField($0.field), $0.message) })
        }
    }

    /// Field names of the need as the JSON has them (`need.minArea`), for errors from Core.
    static func jsonField(_ field: String) -> String {
        let needFields = [
            "kinds", "deal", "minArea", "maxArea", "budget", "budgetUnit", "districts", "parks",
            "minCraneTons", "moveIn",
        ]
        if needFields.contains(field) { return "need." + field }
        return field == "needText" ? "need.text" : field
    }

    static func lead(_ lead: Lead, masked: Bool) throws -> Components.Schemas.Lead {
        let shown = masked ? lead.maskingContact() : lead
        let f = shown.fields
        return try Components.Schemas.Lead(
            ref: lead.ref, status: EnumMapping.convert(lead.status), statusLabel: lead.status.label,
            statusReason: lead.statusReason, source: EnumMapping.convert(f.source), sourceLabel: f.source.label,
            campaign: f.campaign,
            need: .init(
                kinds: f.kinds.map { try EnumMapping.convert($0) }, deal: EnumMapping.convert(f.deal),
                minArea: f.minArea.jsonNumber, maxArea: f.maxArea.jsonNumber, budget: f.budget.jsonNumber,
                budgetUnit: EnumMapping.convert(f.budgetUnit), districts: f.districts, parks: f.parks,
                minCraneTons: f.minCraneTons.jsonNumber, moveIn: f.moveIn, text: f.needText),
            intendedUse: f.intendedUse, expectedTax: f.expectedTax.jsonNumber, investment: f.investment.jsonNumber,
            company: f.company, creditCode: f.creditCode, contactName: f.contactName, mobile: f.mobile,
            landline: f.landline, wechat: f.wechat, email: f.email, message: f.message, listingRef: f.listingRef,
            consentVersion: f.consentVersion, consentAt: lead.consentAt, assignee: lead.assignee,
            mergedInto: lead.mergedInto, contactMasked: masked, erased: lead.erasedAt != nil,
            inquiryCount: lead.inquiryCount, createdBy: lead.createdBy, createdAt: lead.createdAt,
            updatedAt: lead.updatedAt, lastInquiryAt: lead.lastInquiryAt, version: lead.version)
    }

    static func detail(_ detail: LeadDetail, for member: StaffMember) throws -> Components.Schemas.LeadDetail {
        let masked = !Policy.seesContact(of: detail.lead.scope, by: member)
        return try Components.Schemas.LeadDetail(
            lead: lead(detail.lead, masked: masked),
            inquiries: detail.inquiries.map { inquiry in
                let contact = masked ? inquiry.contact.masked() : inquiry.contact
                return try .init(
                    receipt: inquiry.receipt.uuidString.lowercased(), receivedAt: inquiry.receivedAt,
                    source: EnumMapping.convert(inquiry.source), campaign: inquiry.campaign,
                    listingRef: inquiry.listingRef, message: inquiry.message, enteredBy: inquiry.enteredBy,
                    contactName: contact.name, mobile: contact.mobile, landline: contact.landline,
                    wechat: contact.wechat,
                    email: contact.email, company: contact.company, needText: inquiry.needText,
                    intendedUse: inquiry.intendedUse, unavailableListingRef: inquiry.unavailableListingRef)
            },
            notes: detail.notes.map { .init(author: $0.author, note: $0.body, createdAt: $0.createdAt) },
            history: detail.history.map { event in
                try .init(
                    at: event.at, actor: event.actor, event: EnumMapping.convert(RawKey(rawValue: event.event)),
                    from: EnumMapping.convert(event.from), to: EnumMapping.convert(event.to), detail: event.detail)
            })
    }

    static func match(_ match: ListingMatch) throws -> Components.Schemas.ListingMatch {
        let c = match.candidate
        return try .init(
            ref: c.ref, title: c.title, kind: EnumMapping.convert(c.kind), kindLabel: c.kind.label,
            deal: EnumMapping.convert(c.deal), dealLabel: c.deal.label, district: c.district, park: c.park,
            area: c.area.jsonNumber, score: match.score, reasons: match.reasons)
    }
}
