public import ParkDeskCore
import PostgresNIO

/// PIPL: erasing a person's data on request and deleting leads past the retention period.
extension LeadStore {
    /// Removes every personal field of the lead (name, numbers, company, messages, notes' text) and keeps the
    /// anonymised record: the need, the project figures, source, status and dates.
    public func erase(ref: String, actor: String) async throws -> Lead {
        let lead = try await find(ref: ref)
        guard lead.erasedAt == nil else { return lead }
        try await change(lead, event: "erase", detail: "personal fields removed", action: "lead.erase", actor: actor) { tx in
            try await tx.query("""
                UPDATE leads SET company = NULL, credit_code = NULL, contact_name = NULL, mobile = NULL, landline = NULL,
                       wechat = NULL, email = NULL, message = NULL, need_text = NULL, erased_at = now()
                WHERE id = \(lead.id)
                """, logger: logger)
            try await tx.query("UPDATE lead_inquiries SET message = NULL, client_ip = NULL WHERE lead_id = \(lead.id)",
                               logger: logger)
            try await tx.query("UPDATE lead_notes SET body = '[已删除 erased]' WHERE lead_id = \(lead.id)", logger: logger)
        }
        return try await find(ref: lead.ref)
    }

    /// Deletes leads with no activity for `days` days (at least 30), with everything attached to them, plus
    /// old idempotency records and idle rate-limit buckets. Returns the number of leads deleted.
    public func purge(olderThanDays days: Int, actor: String, dryRun: Bool = false) async throws -> Int {
        guard days >= 30 else { throw ValidationFailed("olderThan", "must be at least 30 days") }
        return try await transaction { tx in
            let rows = try await tx.query("""
                WITH gone AS (
                    DELETE FROM leads WHERE updated_at < now() - make_interval(days => \(days)::int) AND NOT \(dryRun)
                    RETURNING 1
                )
                SELECT CASE WHEN \(dryRun) THEN (SELECT count(*)::int FROM leads WHERE updated_at < now() - make_interval(days => \(days)::int))
                            ELSE (SELECT count(*)::int FROM gone) END
                """, logger: logger)
            var count = 0
            for try await value in rows.decode(Int.self) { count = value }
            guard !dryRun else { return count }
            try await tx.query("DELETE FROM idempotency_keys WHERE claimed_at < now() - interval '1 day'", logger: logger)
            try await tx.query("DELETE FROM rate_limit_buckets WHERE updated_at < now() - interval '1 hour'", logger: logger)
            try await AuditLog.record("lead.purge", target: "leads", actor: actor,
                                      detail: ["olderThanDays": String(days), "deleted": String(count)], on: tx, logger: logger)
            return count
        }
    }

    /// Counts a post the honeypot or the minimum fill time dropped (nothing of it is stored).
    public func countDroppedPost(reason: String) async throws {
        try await client.query("""
            INSERT INTO dropped_lead_posts AS d (day, reason, count)
            VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date, \(reason), 1)
            ON CONFLICT (day, reason) DO UPDATE SET count = d.count + 1
            """, logger: logger)
    }

    /// Dropped posts per reason over the last `days` days.
    public func droppedPosts(days: Int = 30) async throws -> [String: Int] {
        let rows = try await client.query("""
            SELECT reason, sum(count)::int FROM dropped_lead_posts
            WHERE day > (now() AT TIME ZONE 'Asia/Shanghai')::date - \(days) GROUP BY reason
            """, logger: logger)
        var counts: [String: Int] = [:]
        for try await (reason, count) in rows.decode((String, Int).self) { counts[reason] = count }
        return counts
    }
}
