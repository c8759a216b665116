import HTTPTypes
import ParkDeskCore

/// What a handler may need to know about the request it serves: the generated handlers receive only
/// their input, so the auth middleware puts the caller's token here (a task-local, one per request).
enum RequestScope {
    @TaskLocal static var token: ApiToken?
    /// The `If-Match` header exactly as sent (`ETagMiddleware`).
    @TaskLocal static var ifMatch: String?

    /// The caller's token if its role allows `permission`; 401/403 problems otherwise.
    static func require(_ permission: Permission) throws -> ApiToken {
        guard let token else { throw Problem.unauthorized("This operation needs a bearer token.") }
        guard Policy.allows(token.role, permission) else {
            throw Problem.forbidden(
                "The role \(token.role.rawValue) (\(token.role.label)) of token '\(token.name)' may not do this.")
        }
        return token
    }
}
