import ParkDeskHTTP
import Foundation
import Hummingbird
import Logging
import HTTPTypes
import ParkDeskCore
import ParkDeskStore

/// Admin paths need `Authorization: Bearer <token>` with a live token; the token goes into
/// `RequestScope` for the handlers' role checks and the audit log.
struct AuthMiddleware: AppMiddleware {
    let tokens: TokenStore
    static let protectedPrefix = "/api/v1/admin"

    init(tokens: TokenStore) {
        self.tokens = tokens
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard path == Self.protectedPrefix || path.hasPrefix(Self.protectedPrefix + "/") else {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized("Send Authorization: Bearer <token>; make one with `parkdesk token create`.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Problem.unauthorized("The Authorization header must be 'Bearer <token>'.")
        }
        guard let token = try await tokens.authenticate(secret: String(parts[1]).trimmingCharacters(in: .whitespaces))
        else {
            throw Problem.unauthorized("The token is unknown or revoked.")
        }
        if let rule = OperationPermissions.rule(request.method, path), !Policy.allows(token.role, rule.permission) {
            throw Problem.forbidden(
                "The role \(token.role.rawValue) (\(token.role.label)) of '\(token.member.login)' "
                    + "may not \(rule.operation).")
        }
        var context = context
        context.logger[metadataKey: "actor"] = .string(token.actor)
        return try await RequestScope.$token.withValue(token) {
            try await AuditLog.$requestID.withValue(context.requestID) {
                try await next(request, context)
            }
        }
    }
}
