import Foundation
import Logging
import PostgresNIO

/// The audit trail: one row per admin write, written inside the write's own transaction so that the
/// trail and the data never disagree.
public enum AuditLog {
    /// The id of the HTTP request being served, recorded with each entry (set by the API).
    @TaskLocal public static var requestID: String?

    /// Records `action` (e.g. `listing.create`) on `target` (e.g. a listing ref) by `actor`.
    static func record(
        _ action: String, target: String, actor: String, detail: [String: String] = [:],
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(detail), as: UTF8.self)
        try await connection.run(
            """
            INSERT INTO audit_log (actor, action, target, request_id, detail)
            VALUES (\(String(actor.prefix(80))), \(action), \(String(target.prefix(80))), \(requestID), \(json)::jsonb)
            """, logger: logger)
    }
}
