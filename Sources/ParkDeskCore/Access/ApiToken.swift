public import Foundation

/// A bearer token for the admin API as stored: the name it was given, the staff member whose rights it carries,
/// and the first characters of the secret (to recognise it) — never the secret itself.
public struct ApiToken: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var member: StaffMember
    public var prefix: String
    public var createdBy: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: Int, name: String, member: StaffMember, prefix: String, createdBy: String, createdAt: Date,
        lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.name = name
        self.member = member
        self.prefix = prefix
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    public var role: StaffRole { member.role }

    /// How the audit log names whoever used this token.
    public var actor: String { "token:\(name)" }

    /// Checks a new token's name: letters, digits, `.`, `_`, `@`, `-`, at most 60.
    public static func validateName(_ name: String) throws(ValidationFailed) -> String {
        try StaffMember.validateLogin(name, field: "name")
    }
}
