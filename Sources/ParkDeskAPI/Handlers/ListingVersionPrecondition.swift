import Foundation
import HTTPTypes
import ParkDeskCore

/// `If-Match` on a listing edit: the version the client last saw (`"v3"`, `W/"v3"`, `3`) or `*`.
/// Missing → 428; another version → 412 (from the store, after the body is checked), so no one
/// overwrites a change they have not seen.
struct ListingVersionPrecondition {
    let header: String?

    /// The version to require, or `nil` for `*`; an ETag that names no version gives one no listing has.
    func requiredVersion() throws -> Int? {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else { throw Self.missing }
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return nil }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            tag = String(tag.drop { $0 == "\"" }.reversed().drop { $0 == "\"" }.reversed())
            if tag.hasPrefix("v") { tag.removeFirst() }
            if let version = Int(tag) { return version }
        }
        return 0
    }

    /// 428: the edit came without `If-Match`.
    static let missing = Problem(
        status: .preconditionRequired, type: "precondition-required", title: "Precondition required",
        detail: "Send If-Match with the listing's ETag (from the admin API) so that no change is overwritten unseen.")

    static func stale(_ conflict: VersionConflict) -> Problem {
        Problem(
            status: .preconditionFailed, type: "precondition-failed", title: "Precondition failed",
            detail: conflict.description)
    }
}
