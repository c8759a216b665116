import Logging
public import ParkDeskCore
import PostgresNIO

/// The office's staff: members, their roles and parks, one-time links to set a password, and the stored password
/// hashes (made by the caller with bcrypt; the store never sees a password). Every change is audited.
public struct StaffStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// How long a link to set a password works.
    public static let linkLifetime: Duration = .seconds(24 * 3600)

    /// Adds a member; `parks` are park names or ids (park members only).
    public func add(
        login: String, displayName: String, mobile: String? = nil, role: StaffRole, parks: [String] = [],
        actor: String
    ) async throws -> StaffMember {
        let parkIDs = try await PlaceStore.parkIDs(named: parks, field: "parks", client: client, logger: logger)
        let fields = try StaffMember.validated(
            login: login, displayName: displayName, mobile: mobile, role: role, parkIDs: parkIDs)
        return try await client.writeTransaction(logger: logger) { tx in
            try await Self.insert(fields, role: role, parkIDs: parkIDs, actor: actor, on: tx, logger: logger)
        }
    }

    /// Inserts a checked member in the caller's transaction.
    static func insert(
        _ fields: (login: String, displayName: String, mobile: String?), role: StaffRole, parkIDs: [Int],
        actor: String, on tx: PostgresConnection, logger: Logger
    ) async throws -> StaffMember {
        let rows = try await tx.run(
            """
            INSERT INTO staff (login, display_name, mobile, role, created_by)
            SELECT \(fields.login), \(fields.displayName), \(fields.mobile), \(role.rawValue)::staff_role, \(actor)
            WHERE NOT EXISTS (SELECT 1 FROM staff WHERE lower(login) = lower(\(fields.login)))
            RETURNING id
            """, logger: logger)
        guard let id = try await rows.first(Int.self) else {
            throw ValidationFailed("login", "a staff member '\(fields.login)' exists already")
        }
        try await tx.run(
            "INSERT INTO staff_parks (staff_id, park_id) SELECT \(id), unnest(\(parkIDs)::int[])", logger: logger)
        try await AuditLog.record(
            "staff.add", target: fields.login, actor: actor, detail: ["role": role.rawValue], on: tx,
            logger: logger)
        return try await Self.member(id: id, on: tx, logger: logger)
    }

    /// Every member, the office's first, then by login.
    public func list() async throws -> [StaffMember] {
        try await StaffRow.members(
            client.run("SELECT \(StaffRow.columns) FROM staff s ORDER BY s.role, lower(s.login)", logger: logger))
    }

    public func find(login: String) async throws -> StaffMember {
        let rows = try await client.run(
            "SELECT \(StaffRow.columns) FROM staff s WHERE lower(s.login) = lower(\(login))", logger: logger)
        guard let member = try await StaffRow.members(rows).first else { throw NotFound("staff member", login) }
        return member
    }

    /// Agents, to assign leads to (live ones only).
    public func agents() async throws -> [StaffMember] {
        try await list().filter { $0.role == .agent && $0.disabledAt == nil }
    }

    /// Disables a member (their sessions end and their tokens stop working at once) or enables them again.
    public func setDisabled(login: String, _ disabled: Bool, actor: String) async throws -> StaffMember {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                """
                UPDATE staff SET disabled_at = CASE WHEN \(disabled) THEN coalesce(disabled_at, now()) END
                WHERE lower(login) = lower(\(login)) RETURNING id
                """, logger: logger)
            guard let id = try await rows.first(Int.self) else { throw NotFound("staff member", login) }
            if disabled { try await tx.run("DELETE FROM staff_sessions WHERE staff_id = \(id)", logger: logger) }
            try await AuditLog.record(
                disabled ? "staff.disable" : "staff.enable", target: login, actor: actor, on: tx, logger: logger)
            return try await Self.member(id: id, on: tx, logger: logger)
        }
    }

    /// A new one-time link secret for `login` to set a password (24 h); earlier unused links stop working.
    public func passwordLink(for login: String, actor: String) async throws -> String {
        let secret = RandomSecret.make()
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                "SELECT id FROM staff WHERE lower(login) = lower(\(login)) AND disabled_at IS NULL", logger: logger)
            guard let id = try await rows.first(Int.self) else { throw NotFound("active staff member", login) }
            try await tx.run(
                "DELETE FROM staff_password_links WHERE staff_id = \(id) AND used_at IS NULL", logger: logger)
            try await tx.run(
                """
                INSERT INTO staff_password_links (secret_hash, staff_id, expires_at)
                VALUES (\(RandomSecret.hash(secret)), \(id),
                        now() + \(Int(Self.linkLifetime.components.seconds)) * interval '1 second')
                """, logger: logger)
            try await AuditLog.record("staff.password-link", target: login, actor: actor, on: tx, logger: logger)
        }
        return secret
    }

    /// The member a password link is for, while it is unused and within its 24 hours.
    public func linkHolder(_ secret: String) async throws -> StaffMember? {
        guard secret.count < 100 else { return nil }
        let rows = try await client.run(
            """
            SELECT \(StaffRow.columns) FROM staff_password_links k JOIN staff s ON s.id = k.staff_id
            WHERE k.secret_hash = \(RandomSecret.hash(secret)) AND k.used_at IS NULL AND k.expires_at > now()
              AND s.disabled_at IS NULL
            """, logger: logger)
        return try await StaffRow.members(rows).first
    }

    /// Sets the password hash through a link (used once), and ends the member's sessions.
    public func setPassword(link secret: String, hash: String) async throws -> StaffMember {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                """
                UPDATE staff_password_links SET used_at = now()
                WHERE secret_hash = \(RandomSecret.hash(secret)) AND used_at IS NULL AND expires_at > now()
                RETURNING staff_id
                """, logger: logger)
            guard let id = try await rows.first(Int.self) else { throw NotFound("password link", "-") }
            try await tx.run(
                "UPDATE staff SET password_hash = \(hash) WHERE id = \(id) AND disabled_at IS NULL", logger: logger)
            try await tx.run("DELETE FROM staff_sessions WHERE staff_id = \(id)", logger: logger)
            let member = try await Self.member(id: id, on: tx, logger: logger)
            try await AuditLog.record(
                "staff.password", target: member.login, actor: member.actor, on: tx, logger: logger)
            return member
        }
    }

    /// A live member and their password hash, for signing in (`nil` for an unknown or disabled login).
    public func credentials(login: String) async throws -> (member: StaffMember, hash: String?)? {
        let rows = try await client.run(
            """
            SELECT \(StaffRow.columns), s.password_hash FROM staff s
            WHERE lower(s.login) = lower(\(login)) AND s.disabled_at IS NULL
            """, logger: logger)
        for try await row in rows {
            return (try StaffRow.decode(row), try RowReader(row, table: "staff").value("password_hash"))
        }
        return nil
    }

    // MARK: - Helpers

    /// The id of the live agent `login`, for assigning leads and agents' own channels.
    static func agentID(login: String, field: String, on tx: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await tx.run(
            "SELECT id, role::text FROM staff WHERE lower(login) = lower(\(login)) AND disabled_at IS NULL",
            logger: logger)
        for try await (id, role) in rows.decode((Int, String).self) {
            guard role == StaffRole.agent.rawValue else {
                throw ValidationFailed(field, "'\(login)' is not an agent (招商专员)")
            }
            return id
        }
        throw ValidationFailed(field, "there is no active staff member '\(login)'")
    }

    static func member(id: Int, on tx: PostgresConnection, logger: Logger) async throws -> StaffMember {
        let rows = try await tx.run("SELECT \(StaffRow.columns) FROM staff s WHERE s.id = \(id)", logger: logger)
        guard let member = try await StaffRow.members(rows).first else { throw NotFound("staff member", "\(id)") }
        return member
    }
}

extension Database {
    public var staff: StaffStore { StaffStore(client: client, logger: logger) }
    public var sessions: StaffSessions { StaffSessions(client: client, logger: logger) }
    public var signInThrottle: SignInThrottle { SignInThrottle(client: client, logger: logger) }
}
