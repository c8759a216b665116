/// What a staff member does for the office, which decides what they may do (`Policy`): the office (admin), a
/// 招商专员 who calls investors back (agent), or a park's own staff, who serve the parks they are given (park).
public enum StaffRole: String, LabeledEnum {
    case admin, agent, park

    public static let typeLabel = "角色 role"

    public var label: String {
        switch self {
        case .admin: "管理员"
        case .agent: "招商专员"
        case .park: "园区人员"
        }
    }
}
