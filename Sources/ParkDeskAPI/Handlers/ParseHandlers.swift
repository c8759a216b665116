import Foundation
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore

/// `POST /api/v1/admin/parse/listing` and `/parse/need`: text read into drafts; nothing is saved.
extension APIHandlers {
    func parseListing(_ input: Operations.ParseListing.Input) async throws -> Operations.ParseListing.Output {
        _ = try RequestScope.require(.writeListings)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let text = try Self.text(body.text)
        var parsed = try await places.textParser().listing(text, kind: try EnumMapping.convert(body.kind))
        parsed.draft.keepText(text)
        return .ok(.init(body: .json(try ParseMapping.listing(parsed))))
    }

    func parseNeed(_ input: Operations.ParseNeed.Input) async throws -> Operations.ParseNeed.Output {
        _ = try RequestScope.require(.workLeads)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let text = try Self.text(body.text)
        var parsed = try await places.textParser().need(text)
        parsed.draft.needText = text
        return .ok(.init(body: .json(try ParseMapping.need(parsed))))
    }

    /// The text in NFC; blank text is refused by name.
    private static func text(_ text: String) throws -> String {
        let normalized = text.precomposedStringWithCanonicalMapping
        guard !normalized.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem.badRequest(field: "text", "give the text to read")
        }
        return normalized
    }
}
