/// Something a staff member may be allowed to do. The console, the JSON API and the CLI all ask `Policy`.
public enum Permission: String, Sendable, CaseIterable {
    case readListings, writeListings, manageParks
    case readLeads, workLeads, assignLeads, mergeLeads, eraseLeads, exportLeads
    case manageStaff, seeDeliveries
    case readReports
}

/// The one table of who may do what, and the rules for single objects: a lead (whose is it, which parks does it
/// concern) and a listing (which park is it in).
public enum Policy {
    /// The roles granted each permission.
    public static let table: [Permission: Set<StaffRole>] = [
        .readListings: [.admin, .agent, .park],
        // park staff: only listings of their own parks (`mayEdit(listingIn:)`)
        .writeListings: [.admin, .agent, .park],
        .manageParks: [.admin],
        // agents read every lead (others' contacts masked); park staff only their parks' leads
        .readLeads: [.admin, .agent, .park],
        // status, notes, a new lead from a call: agents on their own leads, park staff on their parks' leads
        .workLeads: [.admin, .agent, .park],
        .assignLeads: [.admin],
        .mergeLeads: [.admin],
        .eraseLeads: [.admin],
        .exportLeads: [.admin],
        .manageStaff: [.admin],
        .seeDeliveries: [.admin],
        // the office's numbers, every agent's among them: the office head and the agents, not a park's staff
        .readReports: [.admin, .agent],
    ]

    public static func allows(_ role: StaffRole, _ permission: Permission) -> Bool {
        table[permission]?.contains(role) ?? false
    }

    /// Whether `member` may open this lead at all (park staff: only leads that concern their parks).
    public static func mayRead(_ lead: LeadScope, by member: StaffMember) -> Bool {
        switch member.role {
        case .admin, .agent: true
        case .park: lead.concerns(anyOf: member.parkIDs)
        }
    }

    /// Whether `member` sees the ways of reaching the person in full (PIPL: least personal data for the task).
    public static func seesContact(of lead: LeadScope, by member: StaffMember) -> Bool {
        switch member.role {
        case .admin: true
        case .agent: lead.assigneeID == member.id
        case .park: lead.concerns(anyOf: member.parkIDs)
        }
    }

    /// Whether `member` may move the lead, note it or add a call to it.
    public static func mayWork(_ lead: LeadScope, by member: StaffMember) -> Bool {
        switch member.role {
        case .admin: true
        case .agent: lead.assigneeID == member.id
        case .park: lead.concerns(anyOf: member.parkIDs)
        }
    }

    /// Whether `member` may change a listing in this park (`nil`: not in a park).
    public static func mayEdit(listingIn parkID: Int?, by member: StaffMember) -> Bool {
        switch member.role {
        case .admin, .agent: true
        case .park: parkID.map(member.parkIDs.contains) ?? false
        }
    }
}

/// What the policy needs to know of a lead: who follows it up and which parks it concerns (the parks it names
/// and the park of the listing it came from).
public struct LeadScope: Sendable, Equatable {
    public var assigneeID: Int?
    public var parkIDs: [Int]

    public init(assigneeID: Int?, parkIDs: [Int]) {
        (self.assigneeID, self.parkIDs) = (assigneeID, parkIDs)
    }

    public func concerns(anyOf parks: [Int]) -> Bool {
        parkIDs.contains(where: parks.contains)
    }
}
