import Foundation
import ParkDeskCore
import PostgresNIO

/// Matching alerts: a listing that became active or changed its price or area is scored against the open leads
/// (`ListingMatch`, the score staff see in `lead matches`); those at or above the threshold that were never told
/// about it are alerted — on their agent's channel, or the office's when they have no agent or the agent no
/// channel. The job, the alerts and the messages are one transaction.
extension NotificationStore {
    /// Expands a claimed matching job; returns the number of leads alerted.
    public func expandMatching(_ job: Delivery, threshold: Int, maxLeads: Int = 50) async throws -> Int {
        try await client.writeTransaction(logger: logger) { tx in
            let alerted = try await Self.match(job, threshold: threshold, maxLeads: maxLeads, on: tx, logger: logger)
            try await tx.run(
                """
                UPDATE notify_outbox SET state = 'delivered', finished_at = now(), last_error = NULL
                WHERE id = \(job.id) AND state = 'pending'
                """, logger: logger)
            return alerted
        }
    }

    private static func match(
        _ job: Delivery, threshold: Int, maxLeads: Int, on tx: PostgresConnection, logger: Logger
    ) async throws -> Int {
        guard let listingID = job.listingID else { return 0 }
        let listingRows = try await tx.run(
            """
            SELECT \(LeadStore.candidateColumns) FROM \(LeadStore.candidateFrom)
            WHERE l.id = \(listingID) AND l.status = 'active'
            """, logger: logger)
        guard let listing = try await LeadStore.candidates(listingRows).first else { return 0 }
        let leadRows = try await tx.run(
            """
            SELECT \(LeadRow.columns) FROM \(LeadRow.from)
            WHERE l.merged_into IS NULL AND l.erased_at IS NULL AND l.status NOT IN ('landed', 'lost', 'junk')
              AND l.listing_id IS DISTINCT FROM \(listingID)
              AND (cardinality(l.wanted_kinds) = 0 OR \(listing.kind.rawValue)::listing_kind = ANY(l.wanted_kinds))
              AND (l.deal IS NULL OR l.deal = \(listing.deal.rawValue)::deal_type)
              AND (l.min_area_m2 IS NULL OR \(listing.area) >= l.min_area_m2 * 0.8)
              AND (l.max_area_m2 IS NULL OR \(listing.area) <= l.max_area_m2 * 1.2)
              AND (l.min_crane_tons IS NULL OR coalesce(\(listing.craneTons)::numeric, 0) >= l.min_crane_tons)
              AND NOT EXISTS (SELECT 1 FROM lead_listing_alerts a
                              WHERE a.lead_id = l.id AND a.listing_id = \(listingID))
            ORDER BY l.last_inquiry_at DESC LIMIT 5000
            """, logger: logger)
        var fits: [(lead: Lead, match: ListingMatch)] = []
        for try await row in leadRows {
            let lead = try LeadRow.decode(row)
            let match = ListingMatch(need: lead.fields, candidate: listing)
            if match.score >= threshold { fits.append((lead, match)) }
        }
        fits = Array(fits.sorted { $0.match.score > $1.match.score }.prefix(maxLeads))
        guard !fits.isEmpty else { return 0 }
        // Only the leads this statement alerts first: a job run twice (a lease that ran out) tells nobody twice.
        let newRows = try await tx.run(
            """
            INSERT INTO lead_listing_alerts (lead_id, listing_id, score)
            SELECT lead_id, \(listingID), score
            FROM unnest(\(fits.map(\.lead.id))::bigint[], \(fits.map(\.match.score))::int[]) AS f(lead_id, score)
            ON CONFLICT DO NOTHING RETURNING lead_id
            """, logger: logger)
        var fresh = Set<Int64>()
        for try await id in newRows.decode(Int64.self) { fresh.insert(id) }
        // one message per agent with a channel of their own; everyone else's leads in one message to the office
        let agents = Array(Set(fits.compactMap(\.lead.assigneeID)))
        let channelled = try await tx.run(
            """
            SELECT DISTINCT c.agent_id FROM notify_channels c
            WHERE \(Self.hearsMatches) AND c.agent_id = ANY(\(agents)::int[])
            """, logger: logger)
        var withChannel = Set<Int>()
        for try await id in channelled.decode(Int.self) { withChannel.insert(id) }
        let byRecipient = Dictionary(grouping: fits.filter { fresh.contains($0.lead.id) }) { fit in
            fit.lead.assigneeID.flatMap { withChannel.contains($0) ? $0 : nil }
        }
        for (agentID, group) in byRecipient.sorted(by: { ($0.key ?? 0) < ($1.key ?? 0) }) {
            var detail = NotificationDetail()
            detail.leads = group.map {
                .init(ref: $0.lead.ref, score: $0.match.score, reasons: $0.match.reasons)
            }
            try await tx.run(
                """
                INSERT INTO notify_outbox (event_id, event, channel_id, listing_id, detail)
                SELECT \(UUID()), 'listing.matched', c.id, \(listingID), \(try json(detail))::jsonb
                FROM notify_channels c
                WHERE \(Self.hearsMatches) AND c.agent_id IS NOT DISTINCT FROM \(agentID)::int
                """, logger: logger)
        }
        return fresh.count
    }

    /// A channel `c` that takes matching alerts: enabled, hearing every event or `listing.matched`.
    static let hearsMatches: SQL = "c.enabled AND (cardinality(c.events) = 0 OR 'listing.matched' = ANY(c.events))"
}
