public import Foundation
public import ParkDeskCore
import PostgresNIO

/// Looking at the outbox and acting on it by hand: `notify list`, `notify retry`, `notify test`.
extension NotificationStore {
    /// One outbox row as staff see it (no message text: that is rendered when sent).
    public struct Entry: Sendable, Equatable {
        public var id: Int64
        public var eventID: UUID
        public var event: NotificationEvent
        public var channel: String?
        public var state: String
        public var attempts: Int
        public var createdAt: Date
        public var dueAt: Date
        public var finishedAt: Date?
        public var lastError: String?
        /// The lead's or listing's ref.
        public var about: String?
    }

    /// The newest rows first, optionally of one state (`pending`, `delivered`, `dead`).
    public func entries(state: String?, id: Int64? = nil, limit: Int) async throws -> [Entry] {
        if let state, !["pending", "delivered", "dead"].contains(state) {
            throw ValidationFailed("state", "must be pending, delivered or dead")
        }
        let rows = try await client.run(
            """
            SELECT o.id, o.event_id, o.event::text AS event, ch.name, o.state::text AS state, o.attempts, o.created_at,
                   o.due_at, o.finished_at, o.last_error,
                   coalesce((SELECT ref FROM leads WHERE id = o.lead_id),
                            (SELECT ref FROM listings WHERE id = o.listing_id)) AS about
            FROM notify_outbox o LEFT JOIN notify_channels ch ON ch.id = o.channel_id
            WHERE (\(state)::text IS NULL OR o.state = \(state)::outbox_state)
              AND (\(id)::bigint IS NULL OR o.id = \(id))
            ORDER BY o.id DESC LIMIT \(max(1, min(limit, 10_000)))
            """, logger: logger)
        var entries: [Entry] = []
        for try await row in rows {
            let r = RowReader(row, table: "notify_outbox")
            guard let event = try r.labeled("event", NotificationEvent.self) else { continue }
            entries.append(
                Entry(
                    id: try r.value("id"), eventID: try r.value("event_id"), event: event,
                    channel: try r.value("name"), state: try r.value("state"), attempts: try r.value("attempts"),
                    createdAt: try r.value("created_at"), dueAt: try r.value("due_at"),
                    finishedAt: try r.value("finished_at"), lastError: try r.value("last_error"),
                    about: try r.value("about")))
        }
        return entries
    }

    /// Rows waiting, delivered and dead, for `notify list` and the metrics.
    public func depth() async throws -> [String: Int] {
        let rows = try await client.run(
            "SELECT state::text, count(*)::int FROM notify_outbox GROUP BY state", logger: logger)
        var counts = ["pending": 0, "delivered": 0, "dead": 0]
        for try await (state, count) in rows.decode((String, Int).self) { counts[state] = count }
        return counts
    }

    /// Sends dead letters again (the given ids, or all of them): they become due now, with a fresh age.
    public func retry(ids: [Int64], allDead: Bool, actor: String) async throws -> Int {
        guard allDead || !ids.isEmpty else { throw ValidationFailed("ids", "name the rows to retry, or all dead ones") }
        return try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                """
                UPDATE notify_outbox SET state = 'pending', finished_at = NULL, due_at = now(), created_at = now(),
                       attempts = 0
                WHERE state = 'dead' AND (\(allDead) OR id = ANY(\(ids))) RETURNING id
                """, logger: logger)
            var count = 0
            for try await _ in rows.decode(Int64.self) { count += 1 }
            try await AuditLog.record(
                "notify.retry", target: "outbox", actor: actor, detail: ["rows": String(count)], on: tx,
                logger: logger)
            return count
        }
    }

    /// Queues a test message for one channel; it goes out with the next claim. Returns the row's id.
    public func enqueueTest(channel name: String) async throws -> Int64 {
        let channel = try await channel(named: name)
        let eventID = UUID()
        var detail = NotificationDetail()
        detail.channel = channel.name
        let rows = try await client.run(
            """
            INSERT INTO notify_outbox (event_id, event, channel_id, detail)
            VALUES (\(eventID), 'test', \(channel.id), \(try Self.json(detail))::jsonb) RETURNING id
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw NotFound("outbox row", eventID.uuidString)
    }

    static func json(_ detail: NotificationDetail) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(detail), as: UTF8.self)
    }
}
