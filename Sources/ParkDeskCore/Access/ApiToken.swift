public import Foundation

/// A bearer token for the admin API as stored: the name it was given, its role, and the first characters
/// of the secret (to recognise it) — never the secret itself.
public struct ApiToken: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var role: TokenRole
    public var prefix: String
    public var createdBy: String
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: Int, name: String, role: TokenRole, prefix: String, createdBy: String, createdAt: Date,
        lastUsedAt: Date?, revokedAt: Date?
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.prefix = prefix
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// How the audit log names whoever used this token.
    public var actor: String { "token:\(name)" }

    /// Checks a new token's name: letters, digits, `.`, `_`, `@`, `-`, at most 60.
    public static func validateName(_ name: String) throws(ValidationFailed) -> String {
        let trimmed = name.trimmingWhitespace()
        let allowed = trimmed.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }
        guard (1...60).contains(trimmed.count), allowed,
            trimmed.first?.isLetter == true || trimmed.first?.isNumber == true
        else {
            throw ValidationFailed(
                "name", "must be 1–60 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
        }
        return trimmed
    }
}
