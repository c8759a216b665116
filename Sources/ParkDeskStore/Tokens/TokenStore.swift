import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// API tokens: created with a random secret that is shown once; only its SHA-256 hash is stored. A token belongs
/// to a staff member and carries exactly that member's rights (an integration is a member without a password).
public struct TokenStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Creates a token and returns it with its secret (`pd_` + 43 base64url characters). It belongs to the member
    /// `staff`; without one, to a new member named like the token with `role` (an integration, or an agent's
    /// phone app), who may later be given a password for the console.
    public func create(
        name: String, role: StaffRole, staff login: String? = nil, actor: String
    ) async throws -> (token: ApiToken, secret: String) {
        let name = try ApiToken.validateName(name)
        var existing: StaffMember?
        if let login { existing = try await StaffStore(client: client, logger: logger).find(login: login) }
        let existingMember = existing
        let newMember = try StaffMember.validated(
            login: name, displayName: name, mobile: nil, role: role, parkIDs: [])
        let secret = RandomSecret.make(prefix: "pd_")
        let id = try await client.writeTransaction(logger: logger) { tx in
            let taken = try await tx.run(
                """
                SELECT EXISTS (SELECT 1 FROM api_tokens WHERE name = \(name)),
                       EXISTS (SELECT 1 FROM staff WHERE lower(login) = lower(\(name)))
                """, logger: logger)
            for try await (token, member) in taken.decode((Bool, Bool).self) {
                if token { throw ValidationFailed("name", "a token named '\(name)' exists already") }
                if member && existingMember == nil {
                    throw ValidationFailed(
                        "name", "a staff member '\(name)' exists already; give --staff \(name) for a token of theirs")
                }
            }
            var member = existingMember
            if member == nil {
                member = try await StaffStore.insert(
                    newMember, role: role, parkIDs: [], actor: actor, on: tx, logger: logger)
            }
            guard let member else { throw NotFound("staff member", name) }
            let rows = try await tx.run(
                """
                INSERT INTO api_tokens (name, staff_id, token_hash, prefix, created_by)
                SELECT \(name), \(member.id), \(RandomSecret.hash(secret)), \(String(secret.prefix(8))), \(actor)
                WHERE NOT EXISTS (SELECT 1 FROM api_tokens WHERE name = \(name))
                RETURNING id
                """, logger: logger)
            guard let id = try await rows.first(Int.self) else {
                throw ValidationFailed("name", "a token named '\(name)' exists already")
            }
            try await AuditLog.record(
                "token.create", target: name, actor: actor, detail: ["staff": member.login], on: tx, logger: logger)
            return id
        }
        guard let token = try await list().first(where: { $0.id == id }) else { throw NotFound("token", name) }
        return (token, secret)
    }

    public func list() async throws -> [ApiToken] {
        try await tokens(where: "TRUE")
    }

    /// Revokes the token with this name; it stops working at once.
    public func revoke(name: String, actor: String) async throws {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                """
                UPDATE api_tokens SET revoked_at = now() WHERE name = \(name) AND revoked_at IS NULL RETURNING id
                """, logger: logger)
            var found = false
            for try await _ in rows.decode(Int.self) { found = true }
            guard found else { throw NotFound("active token", name) }
            try await AuditLog.record("token.revoke", target: name, actor: actor, on: tx, logger: logger)
        }
    }

    /// The live token whose secret this is (its member not disabled), or `nil`. Notes when it was last used (at most
    /// once a minute).
    public func authenticate(secret: String) async throws -> ApiToken? {
        guard secret.hasPrefix("pd_"), secret.count < 200 else { return nil }
        try await client.run(
            """
            UPDATE api_tokens SET last_used_at = now()
            WHERE token_hash = \(RandomSecret.hash(secret)) AND revoked_at IS NULL
              AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            """, logger: logger)
        return try await tokens(
            where: "t.token_hash = \(RandomSecret.hash(secret)) AND t.revoked_at IS NULL AND s.disabled_at IS NULL"
        ).first
    }

    private func tokens(where condition: SQL) async throws -> [ApiToken] {
        let rows = try await client.run(
            """
            SELECT t.id AS token_id, t.name, t.prefix, t.created_by, t.created_at, t.last_used_at, t.revoked_at,
                   \(StaffRow.columns)
            FROM api_tokens t JOIN staff s ON s.id = t.staff_id WHERE \(condition) ORDER BY t.id
            """, logger: logger)
        var tokens: [ApiToken] = []
        for try await row in rows {
            let r = RowReader(row, table: "api_tokens")
            tokens.append(
                ApiToken(
                    id: try r.value("token_id"), name: try r.value("name"), member: try StaffRow.decode(row),
                    prefix: try r.value("prefix"), createdBy: try r.value("created_by"),
                    createdAt: try r.value("created_at"), lastUsedAt: try r.value("last_used_at"),
                    revokedAt: try r.value("revoked_at")))
        }
        return tokens
    }
}
