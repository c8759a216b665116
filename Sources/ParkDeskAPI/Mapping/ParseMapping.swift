import Foundation
import ParkDeskCore
import ParkDeskOpenAPI

/// What the text parsers read, as the API's JSON: the draft under the input's field names, each field with its
/// words, and the words left over.
enum ParseMapping {
    static func listing(_ parsed: ParsedText<ListingDraft>) throws -> Components.Schemas.ParsedListing {
        let listing = try JSONDecoder().decode(
            Components.Schemas.ListingPatch.self, from: try JSONEncoder().encode(parsed.draft))
        return .init(listing: listing, fields: parsed.fields.map(field), unparsed: parsed.unparsed.map(unparsed))
    }

    static func need(_ parsed: ParsedText<LeadDraft>) throws -> Components.Schemas.ParsedNeed {
        let d = parsed.draft
        let need = Components.Schemas.LeadNeed(
            kinds: try d.kinds.map { try EnumMapping.convert($0) }, deal: try EnumMapping.convert(d.deal),
            minArea: d.minArea.jsonNumber, maxArea: d.maxArea.jsonNumber, budget: d.budget.jsonNumber,
            budgetUnit: try EnumMapping.convert(d.budgetUnit), districts: d.districts, parks: d.parks,
            minCraneTons: d.minCraneTons.jsonNumber, text: d.needText)
        let lead = Components.Schemas.ParsedLead(
            need: need, intendedUse: d.intendedUse, expectedTax: d.expectedTax.jsonNumber,
            investment: d.investment.jsonNumber, company: d.company, contactName: d.contactName, mobile: d.mobile,
            landline: d.landline)
        return .init(lead: lead, fields: parsed.fields.map(field), unparsed: parsed.unparsed.map(unparsed))
    }

    private static func field(_ f: ParsedField) -> Components.Schemas.ParsedField {
        .init(field: f.name, label: f.label, value: f.value, spans: f.spans.map(span))
    }

    private static func unparsed(_ u: UnparsedText) -> Components.Schemas.UnparsedText {
        .init(span: span(u.span), reason: u.reason)
    }

    static func span(_ s: TextSpan) -> Components.Schemas.TextSpan {
        .init(start: s.start, end: s.end, text: s.text)
    }
}
