import Foundation
import ParkDeskCore
import PostgresNIO

/// The daily digest: once a day (Asia/Shanghai), from the configured hour on, whichever instance comes first
/// (`notify_digests` has one row a day) counts the new leads, the open leads untouched for `staleDays` by
/// status and agent, and the listings that expire within a week, and queues one message for the office.
extension NotificationStore {
    /// Queues today's digest when it is due and not queued yet (`force`: now, whatever the hour, even twice).
    /// Returns whether it queued one.
    public func queueDigestIfDue(hour: Int, staleDays: Int, expireDays: Int, force: Bool = false) async throws -> Bool {
        try await client.writeTransaction(logger: logger) { tx in
            let dayRows = try await tx.run(
                """
                INSERT INTO notify_digests AS d (day)
                SELECT (now() AT TIME ZONE 'Asia/Shanghai')::date
                WHERE notify_wanted('digest.daily')
                  AND (\(force) OR extract(hour FROM now() AT TIME ZONE 'Asia/Shanghai') >= \(hour))
                ON CONFLICT (day) DO UPDATE SET created_at = now() WHERE \(force)
                RETURNING day::text
                """, logger: logger)
            var day: String?
            for try await value in dayRows.decode(String.self) { day = value }
            guard let day else { return false }
            try await tx.run(
                """
                WITH open_leads AS (
                    SELECT l.status, t.login AS assignee FROM leads l LEFT JOIN staff t ON t.id = l.assignee_id
                    WHERE l.merged_into IS NULL AND l.status NOT IN ('landed', 'lost', 'junk')
                      AND l.updated_at < now() - make_interval(days => \(staleDays)::int)
                ), expiring AS (
                    SELECT ref, updated_at FROM listings
                    WHERE status IN ('active', 'pending')
                      AND updated_at < now() - make_interval(days => greatest(\(expireDays)::int - 7, 0))
                      -- past its day it is housekeeping's to expire, not "within 7 days"
                      AND updated_at >= now() - make_interval(days => \(expireDays)::int)
                ), fresh AS (
                    SELECT source::text AS source, count(*)::int AS n FROM leads
                    WHERE created_at > now() - interval '1 day' AND merged_into IS NULL GROUP BY source
                ), digest AS (
                    SELECT jsonb_build_object(
                        'day', \(day)::text,
                        'newLeads', coalesce((SELECT sum(n) FROM fresh), 0),
                        'newBySource', coalesce((SELECT jsonb_object_agg(source, n) FROM fresh), '{}'),
                        'staleDays', \(staleDays)::int,
                        'stale', coalesce((SELECT jsonb_agg(jsonb_build_object('status', status, 'assignee', assignee,
                                                                              'count', n)
                                                            ORDER BY status, assignee NULLS FIRST)
                                           FROM (SELECT status, assignee, count(*)::int AS n FROM open_leads
                                                 GROUP BY status, assignee) g), '[]'),
                        'expiring', (SELECT count(*)::int FROM expiring),
                        'expiringRefs', coalesce((SELECT jsonb_agg(ref) FROM (SELECT ref FROM expiring
                                                                             ORDER BY updated_at, ref LIMIT 10) e),
                                                 '[]')) AS body
                )
                INSERT INTO notify_outbox (event_id, event, channel_id, detail)
                SELECT \(UUID()), 'digest.daily', c.id, jsonb_build_object('digest', digest.body)
                FROM notify_channels c, digest
                WHERE c.enabled AND c.agent_id IS NULL AND (cardinality(c.events) = 0 OR 'digest.daily' = ANY(c.events))
                """, logger: logger)
            return true
        }
    }
}
