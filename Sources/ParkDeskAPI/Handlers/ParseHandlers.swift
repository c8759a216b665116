import Foundation
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore

/// `POST /api/v1/admin/parse/listing` and `/parse/need`: text read into drafts; nothing is saved.
extension APIHandlers {
    func parseListing(_ input: Operations.ParseListing.Input) async throws -> Operations.ParseListing.Output {
        guard case .json(let body) = input.body else { throw Problem.badRequest(field: "body", "give JSON") }
        let kind: ListingKind? = try EnumMapping.convert(body.kind)
        let parsed = try await read(body.text, needing: .writeListings) { parser, text in
            var parsed = parser.listing(text, kind: kind)
            parsed.draft.keepText(text)
            return parsed
        }
        return .ok(.init(body: .json(try ParseMapping.listing(parsed))))
    }

    func parseNeed(_ input: Operations.ParseNeed.Input) async throws -> Operations.ParseNeed.Output {
        guard case .json(let body) = input.body else { throw Problem.badRequest(field: "body", "give JSON") }
        let parsed = try await read(body.text, needing: .workLeads) { parser, text in
            var parsed = parser.need(text)
            parsed.draft.needText = text
            return parsed
        }
        return .ok(.init(body: .json(try ParseMapping.need(parsed))))
    }

    /// The text (NFC) read by `parse` with the current place names, for a token allowed to `permission`; blank
    /// text and text beyond 2,000 characters are refused by name.
    private func read<T>(
        _ text: String, needing permission: Permission, _ parse: (TextParser, String) -> T
    ) async throws -> T {
        _ = try RequestScope.require(permission)
        guard text.unicodeScalars.count <= 2000 else {
            throw Problem.badRequest(field: "text", "must be at most 2000 characters")
        }
        let normalized = text.precomposedStringWithCanonicalMapping
        guard !normalized.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw Problem.badRequest(field: "text", "give the text to read")
        }
        return parse(try await places.textParser(), normalized)
    }
}
