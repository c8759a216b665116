/// What an API token may do. Admins may do everything; agents (招商专员) work on listings but do not
/// manage parks.
public enum TokenRole: String, LabeledEnum {
    case admin, agent

    public static let typeLabel = "角色 role"

    public var label: String {
        switch self {
        case .admin: "管理员"
        case .agent: "招商专员"
        }
    }
}

/// A permission an admin API operation needs. Agents read leads (contacts masked unless the lead is
/// theirs) and work on their own leads; assigning, merging, erasing and exporting is for admins.
public enum Permission: Sendable {
    case readListings, writeListings, manageParks, readLeads, workLeads, manageLeads

    public func isGranted(to role: TokenRole) -> Bool {
        switch self {
        case .readListings, .writeListings, .readLeads, .workLeads: true
        case .manageParks, .manageLeads: role == .admin
        }
    }
}
