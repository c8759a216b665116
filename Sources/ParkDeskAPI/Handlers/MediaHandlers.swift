import Foundation
import OpenAPIRuntime
import ParkDeskCore
import ParkDeskMedia
import ParkDeskOpenAPI
import ParkDeskStore

/// A listing's stored media through the admin API: upload, remove, move, and the originals for staff.
extension APIHandlers {
    func uploadListingMedia(
        _ input: Operations.UploadListingMedia.Input
    ) async throws -> Operations.UploadListingMedia.Output {
        let token = try RequestScope.require(.writeListings)
        guard case .any(let body) = input.body else { throw Problem.badRequest(field: "body", "send the file") }
        let data = Data(try await Data(collecting: body, upTo: media.processor.limits.maxBytes + 1))
        let expected = try ListingVersionPrecondition(header: RequestScope.ifMatch).requiredVersion()
        let current = try await editableListing(input.path.ref, token)
        do {
            _ = try await media.add(
                data, kind: try EnumMapping.convert(input.query.kind), caption: input.query.caption ?? "",
                toListing: current.ref, expectedVersion: expected, actor: token.actor)
        } catch let rejected as MediaRejected {
            throw Problem.badRequest(field: "body", rejected.description)
        } catch let conflict as VersionConflict {
            throw ListingVersionPrecondition.stale(conflict)
        }
        let listing = try await findListing(current.ref)
        return .created(.init(headers: .init(eTag: Self.eTag(listing)), body: .json(try await adminDetail(listing))))
    }

    func removeListingMedia(
        _ input: Operations.RemoveListingMedia.Input
    ) async throws -> Operations.RemoveListingMedia.Output {
        let listing = try await changeMedia(input.path.ref, positions: ["position": input.path.position]) {
            store, ref, version, actor in
            try await store.remove(
                position: input.path.position, fromListing: ref, expectedVersion: version, actor: actor)
        }
        return .ok(.init(headers: .init(eTag: Self.eTag(listing)), body: .json(try await adminDetail(listing))))
    }

    func moveListingMedia(_ input: Operations.MoveListingMedia.Input) async throws -> Operations.MoveListingMedia.Output
    {
        guard case .json(let body) = input.body else { throw Problem.badRequest(field: "body", "give JSON") }
        let listing = try await changeMedia(
            input.path.ref, positions: ["position": input.path.position, "to": body.to]
        ) {
            store, ref, version, actor in
            try await store.move(
                from: input.path.position, to: body.to, inListing: ref, expectedVersion: version, actor: actor)
        }
        return .ok(.init(headers: .init(eTag: Self.eTag(listing)), body: .json(try await adminDetail(listing))))
    }

    func getMediaOriginal(_ input: Operations.GetMediaOriginal.Input) async throws -> Operations.GetMediaOriginal.Output
    {
        _ = try RequestScope.require(.readListings)
        guard let (path, file) = try await media.original(input.path.sha256),
            let data = FileManager.default.contents(atPath: path.path)
        else { throw Problem.notFound("There is no stored file '\(input.path.sha256)'.") }
        let body = HTTPBody(data)
        let typed: Operations.GetMediaOriginal.Output.Ok.Body =
            switch file.format {
            case .jpeg: .jpeg(body)
            case .png: .png(body)
            case .webp: .imageWebp(body)
            case .heic: .imageHeic(body)
            case .pdf: .pdf(body)
            }
        return .ok(.init(body: typed))
    }

    /// A media change under the listing's `If-Match` version, by a token that may write listings; the listing
    /// as it is afterwards. Positions outside 0–99 are refused by name before anything else.
    private func changeMedia(
        _ ref: String, positions: [String: Int], _ change: (MediaStore, String, Int?, String) async throws -> Int
    ) async throws -> Listing {
        let token = try RequestScope.require(.writeListings)
        let wrong = positions.filter { !(0...99).contains($0.value) }.keys.sorted()
        if !wrong.isEmpty { throw Problem.badRequest(wrong.map { .init(field: $0, message: "must be from 0 to 99") }) }
        let expected = try ListingVersionPrecondition(header: RequestScope.ifMatch).requiredVersion()
        let current = try await editableListing(ref, token)
        do {
            _ = try await change(media.store, current.ref, expected, token.actor)
        } catch let conflict as VersionConflict {
            throw ListingVersionPrecondition.stale(conflict)
        }
        return try await findListing(current.ref)
    }
}
