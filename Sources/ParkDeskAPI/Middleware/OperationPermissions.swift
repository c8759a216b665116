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

    /// Method, path, operation id, permission: one operation a line.
    static let rules: [Rule] = """
        GET    /api/v1/admin/listings                               adminSearchListings readListings
        POST   /api/v1/admin/listings                               createListing       writeListings
        GET    /api/v1/admin/listings/{ref}                         adminGetListing     readListings
        PATCH  /api/v1/admin/listings/{ref}                         updateListing       writeListings
        POST   /api/v1/admin/listings/{ref}/status                  changeListingStatus writeListings
        POST   /api/v1/admin/listings/{ref}/media                   uploadListingMedia  writeListings
        DELETE /api/v1/admin/listings/{ref}/media/{position}        removeListingMedia  writeListings
        POST   /api/v1/admin/listings/{ref}/media/{position}/move   moveListingMedia    writeListings
        GET    /api/v1/admin/media/{sha256}                         getMediaOriginal    readListings
        POST   /api/v1/admin/parks                                  createPark          manageParks
        PATCH  /api/v1/admin/parks/{id}                             updatePark          manageParks
        DELETE /api/v1/admin/parks/{id}                             deletePark          manageParks
        GET    /api/v1/admin/leads                                  listLeads           readLeads
        POST   /api/v1/admin/leads                                  createLead          workLeads
        GET    /api/v1/admin/leads.csv                              exportLeads         exportLeads
        GET    /api/v1/admin/leads/{leadRef}                        getLead             readLeads
        POST   /api/v1/admin/leads/{leadRef}/status                 changeLeadStatus    workLeads
        PUT    /api/v1/admin/leads/{leadRef}/assignee               assignLead          assignLeads
        DELETE /api/v1/admin/leads/{leadRef}/assignee               unassignLead        assignLeads
        POST   /api/v1/admin/leads/{leadRef}/notes                  addLeadNote         workLeads
        POST   /api/v1/admin/leads/{leadRef}/merge                  mergeLeads          mergeLeads
        POST   /api/v1/admin/leads/{leadRef}/erase                  eraseLead           eraseLeads
        GET    /api/v1/admin/leads/{leadRef}/matches                matchLead           readLeads
        POST   /api/v1/admin/parse/listing                          parseListing        writeListings
        POST   /api/v1/admin/parse/need                             parseNeed           workLeads
        GET    /api/v1/admin/reports                                getReport           readReports
        GET    /api/v1/admin/reports.xlsx                           getReportWorkbook   readReports
        GET    /api/v1/admin/reports.csv                            getReportCSV        readReports
        """.split(separator: "\n").map { line in
            let words = line.split(separator: " ").map(String.init)
            guard words.count == 4, let method = HTTPRequest.Method(words[0]),
                let permission = Permission(rawValue: words[3])
            else {
                preconditionFailure("OperationPermissions: a rule must read METHOD PATH OPERATION PERMISSION: \(line)")
            }
            return Rule(method: method, path: words[1], operation: words[2], permission: permission)
        }

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
