public import Foundation

/// A member of the office's staff as the policy sees them: who they are, their role and, for park staff, the
/// parks they serve. API tokens and console sessions both act as a member.
public struct StaffMember: Sendable, Equatable {
    public var id: Int
    public var login: String
    public var displayName: String
    public var mobile: String?
    public var role: StaffRole
    /// The parks a park member serves (empty for the office's own staff).
    public var parkIDs: [Int]
    public var disabledAt: Date?
    /// Whether a password is set (a member without one cannot sign in to the console).
    public var hasPassword: Bool

    public init(
        id: Int, login: String, displayName: String, mobile: String? = nil, role: StaffRole, parkIDs: [Int] = [],
        disabledAt: Date? = nil, hasPassword: Bool = false
    ) {
        self.id = id
        self.login = login
        self.displayName = displayName
        self.mobile = mobile
        self.role = role
        self.parkIDs = parkIDs
        self.disabledAt = disabledAt
        self.hasPassword = hasPassword
    }

    /// How the audit log and lead history name this member.
    public var actor: String { "staff:\(login)" }

    /// Checks a login: letters, digits, `.`, `_`, `@`, `-`, at most 60, starting with a letter or digit.
    public static func validateLogin(_ login: String, field: String = "login") throws(ValidationFailed) -> String {
        let trimmed = login.trimmingWhitespace()
        let allowed = trimmed.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._@-".contains($0)) }
        guard (1...60).contains(trimmed.count), allowed,
            trimmed.first?.isLetter == true || trimmed.first?.isNumber == true
        else {
            throw ValidationFailed(
                field, "must be 1–60 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
        }
        return trimmed
    }

    /// Checks a new member's fields; returns them cleaned (NFC, trimmed, the mobile as 11 digits).
    public static func validated(
        login: String, displayName: String, mobile: String?, role: StaffRole, parkIDs: [Int]
    ) throws(ValidationFailed) -> (login: String, displayName: String, mobile: String?) {
        var check = FieldChecker()
        var cleanLogin = login
        do { cleanLogin = try validateLogin(login) } catch { check.errors += error.errors }
        let name = check.text(displayName, "displayName", min: 1, max: 60)
        var cleanMobile: String?
        if let mobile, !mobile.trimmingWhitespace().isEmpty {
            cleanMobile = MobileNumber.normalise(mobile)
            if cleanMobile == nil { check.fail("mobile", MobileNumber.rule) }
        }
        if role == .park && parkIDs.isEmpty { check.fail("parks", "a park member serves at least one park") }
        if role != .park && !parkIDs.isEmpty { check.fail("parks", "only park members serve parks") }
        if !check.errors.isEmpty { throw ValidationFailed(check.errors) }
        return (cleanLogin, name ?? "", cleanMobile)
    }
}
