public import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// Console sessions in PostgreSQL: a 256-bit random id held by the browser, only its SHA-256 kept here. A session
/// ends after 8 idle hours, 7 days in all, at sign-out, "sign out everywhere", a new password, or when its member
/// is disabled — on every instance at once, since each request reads the row.
public struct StaffSessions: Sendable {
    let client: PostgresClient
    let logger: Logger

    public static let idleLimit: Duration = .seconds(8 * 3600)
    public static let absoluteLimit: Duration = .seconds(7 * 24 * 3600)

    /// A signed-in session as a request sees it.
    public struct Session: Sendable {
        public let member: StaffMember
        public let startedAt: Date
    }

    /// Starts a session for the member (audited as a sign-in); returns the id for the cookie (never stored).
    public func start(member: StaffMember, clientIP: String?, userAgent: String?) async throws -> String {
        let id = RandomSecret.make()
        try await client.writeTransaction(logger: logger) { tx in
            try await tx.run(
                """
                INSERT INTO staff_sessions (id_hash, staff_id, client_ip, user_agent)
                VALUES (\(RandomSecret.hash(id)), \(member.id), \(clientIP)::inet,
                        \(userAgent.map { String($0.prefix(300)) }))
                """, logger: logger)
            try await AuditLog.record(
                "staff.sign-in", target: member.login, actor: member.actor, detail: ["address": clientIP ?? "-"],
                on: tx, logger: logger)
        }
        return id
    }

    /// The live session with this id and its member (notes the visit, at most once a minute, and only while the
    /// session is live: an idle one is never woken); `nil` when the id is unknown, ended, idle or old, or the member
    /// disabled.
    public func session(_ id: String) async throws -> Session? {
        guard (40...60).contains(id.utf8.count) else { return nil }
        let rows = try await client.run(
            """
            WITH seen AS (
                UPDATE staff_sessions SET last_seen_at = now()
                WHERE id_hash = \(RandomSecret.hash(id)) AND last_seen_at < now() - interval '1 minute'
                  AND last_seen_at > now() - \(Self.seconds(Self.idleLimit)) * interval '1 second'
                  AND created_at > now() - \(Self.seconds(Self.absoluteLimit)) * interval '1 second'
            )
            SELECT \(StaffRow.columns), k.created_at AS started_at
            FROM staff_sessions k JOIN staff s ON s.id = k.staff_id
            WHERE k.id_hash = \(RandomSecret.hash(id)) AND s.disabled_at IS NULL
              AND k.last_seen_at > now() - \(Self.seconds(Self.idleLimit)) * interval '1 second'
              AND k.created_at > now() - \(Self.seconds(Self.absoluteLimit)) * interval '1 second'
            """, logger: logger)
        for try await row in rows {
            return Session(
                member: try StaffRow.decode(row),
                startedAt: try RowReader(row, table: "staff_sessions").value("started_at"))
        }
        return nil
    }

    /// Ends a session whatever it was (one a browser held before signing in anew).
    public func end(_ id: String) async throws {
        try await client.run("DELETE FROM staff_sessions WHERE id_hash = \(RandomSecret.hash(id))", logger: logger)
    }

    /// Ends the member's session (sign out), audited.
    public func end(_ id: String, member: StaffMember) async throws {
        _ = try await ending("staff.sign-out", member, "id_hash = \(RandomSecret.hash(id))")
    }

    /// Ends every session of the member (sign out everywhere); returns how many ended.
    @discardableResult
    public func endAll(member: StaffMember) async throws -> Int {
        try await ending("staff.sign-out-all", member, "staff_id = \(member.id)")
    }

    private func ending(_ action: String, _ member: StaffMember, _ condition: SQL) async throws -> Int {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                "DELETE FROM staff_sessions WHERE \(condition) RETURNING staff_id", logger: logger)
            var count = 0
            for try await _ in rows.decode(Int.self) { count += 1 }
            try await AuditLog.record(
                action, target: member.login, actor: member.actor, detail: ["sessions": "\(count)"], on: tx,
                logger: logger)
            return count
        }
    }

    static func seconds(_ duration: Duration) -> Int { Int(duration.components.seconds) }
}

/// Sign-in throttling, per account name and per address, shared by every instance: after `freeFailures` failed
/// tries each next one must wait twice as long as the one before (1 s, 2 s, 4 s … at most 15 minutes). A name
/// that is not an account is throttled the same way, so the answer never tells whether a login exists.
public struct SignInThrottle: Sendable {
    let client: PostgresClient
    let logger: Logger

    public static let freeFailures = 5
    public static let longestWait = 15 * 60

    /// The keys a sign-in attempt counts against.
    public static func keys(login: String, address: String?) -> [String] {
        ["login:" + String(login.lowercased().prefix(100))] + (address.map { ["addr:" + $0] } ?? [])
    }

    /// Seconds to wait before another try with these keys may be checked (0: go ahead).
    public func wait(_ keys: [String]) async throws -> Int {
        let rows = try await client.run(
            """
            SELECT coalesce(ceil(extract(epoch FROM max(blocked_until) - now())), 0)::int
            FROM sign_in_failures WHERE key = ANY(\(keys)) AND blocked_until > now()
            """, logger: logger)
        for try await seconds in rows.decode(Int.self) { return max(0, seconds) }
        return 0
    }

    /// Counts a failed try against every key.
    public func failed(_ keys: [String]) async throws {
        try await client.run(
            """
            INSERT INTO sign_in_failures AS f (key, failures, blocked_until)
            SELECT k, 1, now() FROM unnest(\(keys)::text[]) AS k
            ON CONFLICT (key) DO UPDATE SET
                failures = f.failures + 1, last_failed_at = now(),
                blocked_until = now() + CASE WHEN f.failures + 1 < \(Self.freeFailures) THEN interval '0'
                    ELSE least(power(2, f.failures + 1 - \(Self.freeFailures)), \(Self.longestWait))
                         * interval '1 second' END
            """, logger: logger)
    }

    /// Forgets the failures of an account after it signed in.
    public func succeeded(login: String) async throws {
        try await client.run(
            "DELETE FROM sign_in_failures WHERE key = \(Self.keys(login: login, address: nil)[0])", logger: logger)
    }
}
