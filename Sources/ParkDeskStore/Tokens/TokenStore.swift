import Crypto
import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// API tokens: created with a random secret that is shown once; only its SHA-256 hash is stored.
public struct TokenStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Creates a token and returns it with its secret (`pd_` + 43 base64url characters).
    public func create(name: String, role: TokenRole, actor: String) async throws -> (token: ApiToken, secret: String) {
        let name = try ApiToken.validateName(name)
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret =
            "pd_"
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let prefix = String(secret.prefix(8))
        do {
            let id = try await client.withTransaction(logger: logger) { tx in
                let rows = try await tx.run(
                    """
                    INSERT INTO api_tokens (name, role, token_hash, prefix, created_by)
                    VALUES (\(name), \(role.rawValue)::token_role, \(Self.hash(secret)), \(prefix), \(actor))
                    RETURNING id
                    """, logger: logger)
                var id = 0
                for try await value in rows.decode(Int.self) { id = value }
                try await AuditLog.record(
                    "token.create", target: name, actor: actor, detail: ["role": role.rawValue],
                    on: tx, logger: logger)
                return id
            }
            guard let token = try await list().first(where: { $0.id == id }) else { throw NotFound("token", name) }
            return (token, secret)
        } catch let error as PostgresTransactionError {
            if let psql = error.closureError as? PSQLError, psql.serverInfo?[.sqlState] == "23505" {
                throw ValidationFailed("name", "a token named '\(name)' exists already")
            }
            throw error.closureError ?? error
        }
    }

    public func list() async throws -> [ApiToken] {
        let rows = try await client.run(
            """
            SELECT id, name, role::text, prefix, created_by, created_at, last_used_at, revoked_at
            FROM api_tokens ORDER BY id
            """, logger: logger)
        var tokens: [ApiToken] = []
        for try await (id, name, role, prefix, by, created, used, revoked)
            in rows.decode((Int, String, String, String, String, Date, Date?, Date?).self)
        {
            tokens.append(
                ApiToken(
                    id: id, name: name, role: TokenRole(rawValue: role) ?? .agent, prefix: prefix,
                    createdBy: by, createdAt: created, lastUsedAt: used, revokedAt: revoked))
        }
        return tokens
    }

    /// Revokes the token with this name; it stops working at once.
    public func revoke(name: String, actor: String) async throws {
        try await client.withTransaction(logger: logger) { tx in
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

    /// The live token whose secret this is, or `nil`. Notes when it was last used (at most once a minute).
    public func authenticate(secret: String) async throws -> ApiToken? {
        guard secret.hasPrefix("pd_"), secret.count < 200 else { return nil }
        let rows = try await client.run(
            """
            WITH used AS (
                UPDATE api_tokens SET last_used_at = now()
                WHERE token_hash = \(Self.hash(secret)) AND revoked_at IS NULL
                  AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
            SELECT id, name, role::text, prefix, created_by, created_at, last_used_at
            FROM api_tokens WHERE token_hash = \(Self.hash(secret)) AND revoked_at IS NULL
            """, logger: logger)
        for try await (id, name, role, prefix, by, created, used) in rows.decode(
            (Int, String, String, String, String, Date, Date?).self)
        {
            guard let role = TokenRole(rawValue: role) else { return nil }
            return ApiToken(
                id: id, name: name, role: role, prefix: prefix, createdBy: by, createdAt: created,
                lastUsedAt: used, revokedAt: nil)
        }
        return nil
    }

    /// SHA-256 of the secret, bound as `bytea`.
    static func hash(_ secret: String) -> ByteBuffer {
        ByteBuffer(bytes: SHA256.hash(data: Data(secret.utf8)))
    }
}
