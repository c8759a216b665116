public import Foundation
public import Logging
public import PostgresNIO

/// The audit trail: one row per admin write, written inside the write's own transaction so that the
/// trail and the data never disagree.
public enum AuditLog {
    /// The id of the HTTP request being served, recorded with each entry (set by the API).
    @TaskLocal public static var requestID: String?

    /// Records `action` (e.g. `listing.create`) on `target` (e.g. a listing ref) by `actor`.
    static func record(_ action: String, target: String, actor: String, detail: [String: String] = [:],
                       on connection: PostgresConnection, logger: Logger) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(detail), as: UTF8.self)
        try await connection.query("""
            INSERT INTO audit_log (actor, action, target, request_id, detail)
            VALUES (\(String(actor.prefix(80))), \(action), \(String(target.prefix(80))), \(requestID), \(json)::jsonb)
            """, logger: logger)
    }

    /// The newest entries first, optionally for one target only.
    public static func entries(target: String? = nil, limit: Int = 100, client: PostgresClient, logger: Logger) async throws -> [AuditEntry] {
        let rows = try await client.query("""
            SELECT at, actor, action, target, request_id, detail::text FROM audit_log
            WHERE \(target)::text IS NULL OR target = \(target)
            ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        var entries: [AuditEntry] = []
        for try await (at, actor, action, target, requestID, detail) in rows.decode((Date, String, String, String, String?, String).self) {
            let fields = (try? JSONDecoder().decode([String: String].self, from: Data(detail.utf8))) ?? [:]
            entries.append(AuditEntry(at: at, actor: actor, action: action, target: target, requestID: requestID, detail: fields))
        }
        return entries
    }
}

/// One row of the audit trail.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var action: String
    public var target: String
    public var requestID: String?
    public var detail: [String: String]
}
