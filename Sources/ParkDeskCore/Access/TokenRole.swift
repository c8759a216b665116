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

/// A permission an admin API operation needs.
public enum Permission: Sendable {
    case readListings, writeListings, manageParks

    public func isGranted(to role: TokenRole) -> Bool {
        switch self {
        case .readListings, .writeListings: true
        case .manageParks: role == .admin
        }
    }
}
