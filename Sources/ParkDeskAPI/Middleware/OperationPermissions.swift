import HTTPTypes
import ParkDeskCore

/// The permission every admin operation of the contract needs; `Policy` decides which roles have it. The auth
/// middleware checks it before a body is read, and a test walks every operation of openapi.yaml × every role from
/// this table (an operation missing here fails it).
enum OperationPermissions {
    struct Rule: Sendable {
        let method: HTTPRequest.Method
        let path: String
        let operation: String
        let permission: Permission
    }

    static let rules: [Rule] = [
        .init(
            method: .get, path: "/api/v1/admin/listings", operation: "adminSearchListings", permission: .readListings),
        .init(method: .post, path: "/api/v1/admin/listings", operation: "createListing", permission: .writeListings),
        .init(
            method: .get, path: "/api/v1/admin/listings/{ref}", operation: "adminGetListing",
            permission: .readListings),
        .init(
            method: .patch, path: "/api/v1/admin/listings/{ref}", operation: "updateListing", permission: .writeListings
        ),
        .init(
            method: .post, path: "/api/v1/admin/listings/{ref}/status", operation: "changeListingStatus",
            permission: .writeListings),
        .init(
            method: .post, path: "/api/v1/admin/listings/{ref}/media", operation: "uploadListingMedia",
            permission: .writeListings),
        .init(
            method: .delete, path: "/api/v1/admin/listings/{ref}/media/{position}", operation: "removeListingMedia",
            permission: .writeListings),
        .init(
            method: .post, path: "/api/v1/admin/listings/{ref}/media/{position}/move", operation: "moveListingMedia",
            permission: .writeListings),
        .init(
            method: .get, path: "/api/v1/admin/media/{sha256}", operation: "getMediaOriginal", permission: .readListings
        ),
        .init(method: .post, path: "/api/v1/admin/parks", operation: "createPark", permission: .manageParks),
        .init(method: .patch, path: "/api/v1/admin/parks/{id}", operation: "updatePark", permission: .manageParks),
        .init(method: .delete, path: "/api/v1/admin/parks/{id}", operation: "deletePark", permission: .manageParks),
        .init(method: .get, path: "/api/v1/admin/leads", operation: "listLeads", permission: .readLeads),
        .init(method: .post, path: "/api/v1/admin/leads", operation: "createLead", permission: .workLeads),
        .init(method: .get, path: "/api/v1/admin/leads.csv", operation: "exportLeads", permission: .exportLeads),
        .init(method: .get, path: "/api/v1/admin/leads/{leadRef}", operation: "getLead", permission: .readLeads),
        .init(
            method: .post, path: "/api/v1/admin/leads/{leadRef}/status", operation: "changeLeadStatus",
            permission: .workLeads),
        .init(
            method: .put, path: "/api/v1/admin/leads/{leadRef}/assignee", operation: "assignLead",
            permission: .assignLeads),
        .init(
            method: .delete, path: "/api/v1/admin/leads/{leadRef}/assignee", operation: "unassignLead",
            permission: .assignLeads),
        .init(
            method: .post, path: "/api/v1/admin/leads/{leadRef}/notes", operation: "addLeadNote", permission: .workLeads
        ),
        .init(
            method: .post, path: "/api/v1/admin/leads/{leadRef}/merge", operation: "mergeLeads", permission: .mergeLeads
        ),
        .init(
            method: .post, path: "/api/v1/admin/leads/{leadRef}/erase", operation: "eraseLead",
            permission: .eraseLeads),
        .init(
            method: .get, path: "/api/v1/admin/leads/{leadRef}/matches", operation: "matchLead",
            permission: .readLeads),
        .init(
            method: .post, path: "/api/v1/admin/parse/listing", operation: "parseListing", permission: .writeListings),
        .init(method: .post, path: "/api/v1/admin/parse/need", operation: "parseNeed", permission: .workLeads),
    ]

    /// The rule of a request, matching `{name}` to any one path segment.
    static func rule(_ method: HTTPRequest.Method, _ path: String) -> Rule? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return rules.first { rule in
            guard rule.method == method else { return false }
            let pattern = rule.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") ? !$1.isEmpty : $0 == $1 }
        }
    }
}
