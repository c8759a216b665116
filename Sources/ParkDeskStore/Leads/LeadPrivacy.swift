public import ParkDeskCore
import PostgresNIO

/// PIPL: erasing a person's data on request and deleting leads past the retention period.
extension LeadStore {
    /// Removes the person from the lead and from every lead merged with it: names, numbers, company, credit code,
    /// and all free text — need and message in the person's words, intended use, campaign, inquiry copies,
    /// notes, lost/junk reasons and the history entries that quoted them — since free text can carry anything
    /// personal. Kept, anonymised: the structured need (kinds, deal, areas, budget, districts, parks, crane,
    /// move-in), tax and investment figures, source, status, dates and the fact of consent (its version text
    /// becomes `erased`). Notifications not yet sent then say only that the person's data was erased.
    public func erase(ref: String, actor: String) async throws -> Lead {
        let lead = try await find(ref: ref)
        guard lead.erasedAt == nil else { return lead }
        try await change(lead, event: "erase", detail: "personal fields removed", action: "lead.erase", actor: actor) {
            tx in
            try await tx.run(
                """
                WITH root AS (SELECT coalesce(merged_into, id) AS id FROM leads WHERE id = \(lead.id)),
                     person AS (SELECT l.id FROM leads l, root WHERE l.id = root.id OR l.merged_into = root.id),
                     people AS (
                         UPDATE leads SET company = NULL, credit_code = NULL, contact_name = NULL, mobile = NULL,
                                landline = NULL, wechat = NULL, email = NULL, message = NULL, need_text = NULL,
                                intended_use = NULL, campaign = NULL,
                                status_reason = CASE WHEN status_reason IS NOT NULL THEN '[已删除 erased]' END,
                                consent_version = CASE WHEN consent_version IS NOT NULL THEN 'erased' END,
                                erased_at = coalesce(erased_at, now())
                         WHERE id IN (SELECT id FROM person) RETURNING id),
                     inquiries AS (
                         UPDATE lead_inquiries SET message = NULL, client_ip = NULL, campaign = NULL, contact_name =
                             NULL,
                                mobile = NULL, landline = NULL, wechat = NULL, email = NULL, company = NULL,
                                need_text = NULL, intended_use = NULL
                         WHERE lead_id IN (SELECT id FROM person) RETURNING id),
                     notes AS (
                         UPDATE lead_notes SET body = '[已删除 erased]' WHERE lead_id IN (SELECT id FROM person)
                             RETURNING id),
                     -- outbox rows hold no personal data (messages are written when sent, from these rows); a
                     -- receiver's error answer might quote one, so it goes too
                     outbox AS (
                         UPDATE notify_outbox SET last_error = NULL
                         WHERE lead_id IN (SELECT id FROM person) AND last_error IS NOT NULL RETURNING id)
                UPDATE lead_history SET detail = '[已删除 erased]'
                WHERE lead_id IN (SELECT id FROM person) AND event IN ('note', 'status') AND detail <> ''
                """, logger: logger)
        }
        return try await find(ref: lead.ref)
    }

    /// Deletes leads with no activity for `days` days (at least 30), with everything attached to them. Returns
    /// the number of leads deleted.
    public func purge(olderThanDays days: Int, actor: String, dryRun: Bool = false) async throws -> Int {
        guard days >= 30 else { throw ValidationFailed("olderThan", "must be at least 30 days") }
        return try await transaction { tx in
            try await Self.purge(olderThanDays: days, actor: actor, dryRun: dryRun, on: tx, logger: logger)
        }
    }

    /// The purge inside a transaction of the caller's (the command's or maintenance's).
    /// `limit` deletes at most that many (maintenance works in batches); nil, all of them.
    static func purge(
        olderThanDays days: Int, actor: String, dryRun: Bool, limit: Int? = nil, on tx: PostgresConnection,
        logger: Logger
    ) async throws -> Int {
        let rows = try await tx.run(
            """
            WITH gone AS (
                DELETE FROM leads
                WHERE id = ANY(ARRAY(SELECT id FROM leads WHERE updated_at < now() - make_interval(days => \(days)::int)
                                     ORDER BY id LIMIT \(limit)))
                  AND NOT \(dryRun)
                RETURNING 1
            )
            SELECT CASE WHEN \(dryRun) THEN (SELECT count(*)::int FROM leads WHERE updated_at < now() -
                make_interval(days => \(days)::int))
                        ELSE (SELECT count(*)::int FROM gone) END
            """, logger: logger)
        var count = 0
        for try await value in rows.decode(Int.self) { count = value }
        guard !dryRun else { return count }
        try await AuditLog.record(
            "lead.purge", target: "leads", actor: actor,
            detail: ["olderThanDays": String(days), "deleted": String(count)], on: tx, logger: logger)
        return count
    }

    /// Counts a post the honeypot or the minimum fill time dropped (nothing of it is stored).
    public func countDroppedPost(reason: String) async throws {
        try await client.run(
            """
            INSERT INTO dropped_lead_posts AS d (day, reason, count)
            VALUES ((now() AT TIME ZONE 'Asia/Shanghai')::date, \(reason), 1)
            ON CONFLICT (day, reason) DO UPDATE SET count = d.count + 1
            """, logger: logger)
    }
}
