public import HTTPTypes
public import ParkDeskCore

/// Every route of the staff console, with what it needs: nobody (sign-in), a signed-in member, or a permission of
/// `Policy`. Routes are registered from this list, so none exists without its rule, and the permission test walks
/// every case × every role.
public enum ConsolePage: String, CaseIterable, Sendable {
    case signInForm, signIn, signOut, signOutEverywhere, passwordForm, setPassword
    case today, inbox, leadEvents, bulkAssign, export, board
    case callForm, callSave
    case lead, leadStatus, leadNote, leadAssign, leadMerge, leadErase
    case team, teamAdd, teamLink, teamDisable, asset
    case listings, listingExport, listingNew, listingCreate, listingImportForm, listingImport
    case listing, listingSave, listingStatus, listingUpload, listingMedia, listingPreview, mediaOriginal
    case parks, parkSave
    case reports, reportWorkbook, reportCSV

    /// Who may open a page.
    public enum Access: Sendable, Equatable {
        case anyone
        case signedIn
        case needs(Permission)
    }

    public var method: HTTPRequest.Method {
        switch self {
        case .signInForm, .passwordForm, .today, .inbox, .leadEvents, .export, .board, .callForm, .lead, .team, .asset,
            .listings, .listingExport, .listingNew, .listingImportForm, .listing, .listingPreview, .mediaOriginal,
            .parks, .reports, .reportWorkbook, .reportCSV:
            .get
        default: .post
        }
    }

    /// The route's path (Hummingbird's syntax; `:ref` a lead's or listing's ref, `:login` a member's login).
    public var path: String {
        let root = StaffConsole.root
        return switch self {
        case .signInForm, .signIn: root + "/sign-in"
        case .signOut: root + "/sign-out"
        case .signOutEverywhere: root + "/sign-out-everywhere"
        case .passwordForm, .setPassword: root + "/password"
        case .today: root
        case .inbox: root + "/leads"
        case .leadEvents: root + "/leads/events"
        case .bulkAssign: root + "/leads/assign"
        case .export: root + "/leads.csv"
        case .board: root + "/board"
        case .callForm, .callSave: root + "/call"
        case .lead: root + "/leads/:ref"
        case .leadStatus: root + "/leads/:ref/status"
        case .leadNote: root + "/leads/:ref/note"
        case .leadAssign: root + "/leads/:ref/assign"
        case .leadMerge: root + "/leads/:ref/merge"
        case .leadErase: root + "/leads/:ref/erase"
        case .team, .teamAdd: root + "/team"
        case .teamLink: root + "/team/:login/link"
        case .teamDisable: root + "/team/:login/disable"
        case .asset: root + "/assets/:file"
        case .listings: root + "/listings"
        case .listingExport: root + "/listings.csv"
        case .listingNew, .listingCreate: root + "/listings/new"
        case .listingImportForm, .listingImport: root + "/listings/import"
        case .listing, .listingSave: root + "/listings/:ref"
        case .listingStatus: root + "/listings/:ref/status"
        case .listingUpload: root + "/listings/:ref/media"
        case .listingMedia: root + "/listings/:ref/media/change"
        case .listingPreview: root + "/listings/:ref/preview"
        case .mediaOriginal: root + "/media/:file"
        case .parks, .parkSave: root + "/parks"
        case .reports: root + "/reports"
        case .reportWorkbook: root + "/reports.xlsx"
        case .reportCSV: root + "/reports.csv"
        }
    }

    public var access: Access {
        switch self {
        case .signInForm, .signIn, .passwordForm, .setPassword, .asset: .anyone
        case .signOut, .signOutEverywhere: .signedIn
        case .today, .inbox, .leadEvents, .board, .lead: .needs(.readLeads)
        case .callForm, .callSave, .leadStatus, .leadNote: .needs(.workLeads)
        case .bulkAssign, .leadAssign: .needs(.assignLeads)
        case .export: .needs(.exportLeads)
        case .leadMerge: .needs(.mergeLeads)
        case .leadErase: .needs(.eraseLeads)
        case .team, .teamAdd, .teamLink, .teamDisable: .needs(.manageStaff)
        case .listings, .listingExport, .listing, .listingPreview, .mediaOriginal: .needs(.readListings)
        case .listingNew, .listingCreate, .listingImportForm, .listingImport, .listingSave, .listingStatus,
            .listingUpload, .listingMedia:
            .needs(.writeListings)
        case .parks, .parkSave: .needs(.manageParks)
        case .reports, .reportWorkbook, .reportCSV: .needs(.readReports)
        }
    }

    /// Pages whose form carries files (`multipart/form-data`): photos, an import file.
    public var takesFiles: Bool { self == .listingUpload || self == .listingImport }

    /// Whether a request posts files to the console, so that its body may be as large as an upload's.
    public static func isUpload(method: HTTPRequest.Method, path: String) -> Bool {
        let listings = StaffConsole.root + "/listings/"
        return method == .post
            && (path == ConsolePage.listingImport.path || (path.hasPrefix(listings) && path.hasSuffix("/media")))
    }

    /// Whether `role` may open the page (objects — a lead of another park, say — are checked on top).
    public func allows(_ role: StaffRole) -> Bool {
        switch access {
        case .anyone, .signedIn: true
        case .needs(let permission): Policy.allows(role, permission)
        }
    }
}
