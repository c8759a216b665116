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

    /// Who may open a page.
    public enum Access: Sendable, Equatable {
        case anyone
        case signedIn
        case needs(Permission)
    }

    public var method: HTTPRequest.Method {
        switch self {
        case .signInForm, .passwordForm, .today, .inbox, .leadEvents, .export, .board, .callForm, .lead, .team, .asset:
            .get
        default: .post
        }
    }

    /// The route's path (Hummingbird's syntax; `:ref` a lead ref, `:login` a member's login).
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
        }
    }

    /// Whether `role` may open the page (objects — a lead of another park, say — are checked on top).
    public func allows(_ role: StaffRole) -> Bool {
        switch access {
        case .anyone, .signedIn: true
        case .needs(let permission): Policy.allows(role, permission)
        }
    }
}
