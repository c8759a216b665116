public import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// The notification outbox in PostgreSQL. Rows are written by triggers in the event's own transaction
/// (sql/0012); workers claim due rows with `FOR UPDATE SKIP LOCKED` and a lease (the row's `due_at` moves past
/// the delivery's time limit), so that two instances never hold one row and a worker that dies mid-delivery
/// leaves its rows to be claimed again when the lease runs out: delivery is at least once.
public struct NotificationStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// A claimed row, with everything needed to send it.
    public struct Delivery: Sendable {
        public var id: Int64
        /// The receiver's dedupe id: the same for every channel an event goes to.
        public var eventID: UUID
        public var event: NotificationEvent
        /// This claim's attempt number (1 for the first).
        public var attempt: Int
        public var createdAt: Date
        public var detail: NotificationDetail
        /// Nil for a matching job.
        public var channel: NotificationChannel?
        public var subject: NotificationSubject
        public var listingID: Int64?
    }

    /// Whose rows a claim takes: one channel's (each channel is its own queue), or the matching jobs.
    public enum Queue: Sendable, Hashable {
        case channel(Int)
        case matching
    }

    /// Claims up to `limit` due rows of one queue for `lease`; nothing while the channel is disabled or its budget
    /// for the running minute is spent.
    public func claim(_ queue: Queue, limit: Int, lease: Duration) async throws -> [Delivery] {
        let leaseMs = Int(lease.components.seconds * 1000 + lease.components.attoseconds / 1_000_000_000_000_000)
        let which: SQL
        switch queue {
        case .matching: which = "channel_id IS NULL"
        case .channel(let id):
            which = """
                channel_id = \(id) AND EXISTS (
                    SELECT 1 FROM notify_channels
                    WHERE id = \(id) AND enabled
                      AND (per_minute IS NULL OR window_sent < per_minute
                           OR window_start <= now() - interval '1 minute'))
                """
        }
        let rows = try await client.run(
            """
            WITH claimed AS (
                UPDATE notify_outbox o SET attempts = o.attempts + 1, last_attempt_at = now(),
                       due_at = now() + make_interval(secs => \(leaseMs)::int / 1000.0)
                WHERE o.id IN (
                    SELECT id FROM notify_outbox
                    WHERE state = 'pending' AND due_at <= now()
                      AND \(which)
                    ORDER BY due_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING o.*
            )
            SELECT c.id AS o_id, c.event_id, c.event::text AS event, c.attempts, c.created_at, c.detail::text AS detail,
                   c.listing_id, \(Self.channelColumns),
                   CASE WHEN c.channel_id IS NOT NULL
                        THEN notify_subject(c.lead_id, c.listing_id,
                                            CASE WHEN c.event = 'lead.inquiry' THEN (c.detail->>'history')::bigint END
                                           )::text END AS subject
            FROM claimed c LEFT JOIN notify_channels ch ON ch.id = c.channel_id
            ORDER BY c.id
            """, logger: logger)
        var deliveries: [Delivery] = []
        let decoder = JSONDecoder()
        for try await row in rows {
            let r = RowReader(row, table: "notify_outbox")
            guard let event = try r.labeled("event", NotificationEvent.self) else {
                throw RowReader.Corrupt(table: r.table, column: "event")
            }
            let subject = try r.value("subject", String?.self).map {
                try decoder.decode(NotificationSubject.self, from: Data($0.utf8))
            }
            deliveries.append(
                Delivery(
                    id: try r.value("o_id"), eventID: try r.value("event_id"), event: event,
                    attempt: try r.value("attempts"), createdAt: try r.value("created_at"),
                    detail: try decoder.decode(
                        NotificationDetail.self, from: Data(try r.value("detail", String.self).utf8)),
                    channel: try Self.channel(r), subject: subject ?? NotificationSubject(),
                    listingID: try r.value("listing_id")))
        }
        return deliveries
    }

    /// Marks rows sent.
    public func delivered(_ ids: [Int64]) async throws {
        guard !ids.isEmpty else { return }
        try await client.run(
            """
            UPDATE notify_outbox SET state = 'delivered', finished_at = now(), last_error = NULL
            WHERE id = ANY(\(ids)) AND state = 'pending'
            """, logger: logger)
    }

    /// Records a failed attempt: the row is due again after `retryAfter`, or a dead letter when `dead` or when it
    /// is older than `maxAge`. Only the claim that made the attempt may record it.
    public func failed(
        _ delivery: Delivery, error: String, retryAfter: Duration, dead: Bool, maxAge: Duration
    ) async throws {
        try await client.run(
            """
            UPDATE notify_outbox
            SET state = CASE WHEN \(dead) OR created_at < now() - make_interval(secs => \(Self.seconds(maxAge)))
                             THEN 'dead' ELSE 'pending' END::outbox_state,
                finished_at = CASE WHEN \(dead) OR created_at < now() - make_interval(secs => \(Self.seconds(maxAge)))
                                   THEN now() END,
                due_at = now() + make_interval(secs => \(Self.seconds(retryAfter))),
                last_error = left(\(error), 500)
            WHERE id = \(delivery.id) AND attempts = \(delivery.attempt) AND state = 'pending'
            """, logger: logger)
    }

    /// Puts claimed rows back, not counting the attempt (the channel's budget for this minute is spent).
    public func postpone(_ deliveries: [Delivery], by wait: Duration) async throws {
        guard !deliveries.isEmpty else { return }
        try await client.run(
            """
            UPDATE notify_outbox
            SET attempts = attempts - 1, due_at = now() + make_interval(secs => \(Self.seconds(wait)))
            WHERE id = ANY(\(deliveries.map(\.id))) AND state = 'pending' AND attempts > 0
            """, logger: logger)
    }

    /// Takes one message from the channel's budget for the running minute (shared by every instance); when the
    /// budget is spent, returns how long until the next minute starts.
    public func takeBudget(channelID: Int) async throws -> Duration? {
        let rows = try await client.run(
            """
            WITH taken AS (
                UPDATE notify_channels
                SET window_start =
                        CASE WHEN window_start <= now() - interval '1 minute' THEN now() ELSE window_start END,
                    window_sent = CASE WHEN window_start <= now() - interval '1 minute' THEN 1 ELSE window_sent + 1 END
                WHERE id = \(channelID)
                  AND (per_minute IS NULL OR window_start <= now() - interval '1 minute' OR window_sent < per_minute)
                RETURNING id
            )
            SELECT EXISTS (SELECT 1 FROM taken),
                   (SELECT greatest(0, extract(epoch FROM window_start + interval '1 minute' - now()))::float8
                    FROM notify_channels WHERE id = \(channelID))
            """, logger: logger)
        for try await (taken, wait) in rows.decode((Bool, Double?).self) {
            return taken ? nil : .milliseconds(Int64(max(wait ?? 1, 0.05) * 1000))
        }
        return nil
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

extension Database {
    public var notifications: NotificationStore { NotificationStore(client: client, logger: logger) }
}
