public import Foundation
public import ParkDeskCore
import PostgresNIO

/// What the console's today page shows: what came in, what is open, what is stuck, what is about to expire and
/// which notification channels fail. Every lead figure is within `scope` (a park member's parks).
public struct LeadOverview: Sendable {
    public var newSinceYesterday = 0
    /// Open leads by status: the member's own (an agent) or everybody's.
    public var openByStatus: [(status: LeadStatus, count: Int)] = []
    public var untouched = 0
    public var unassigned = 0
    public var expiringListings: [(ref: String, title: String, daysLeft: Int)] = []
    public var failingChannels: [(name: String, dead: Int)] = []
}

extension LeadStore {
    /// The today page's figures. `assignee` limits the open leads to one member's; `scope` is the filter every lead
    /// figure keeps (park staff); `untouchedDays` says when an open lead counts as stuck; listings expire after
    /// `expireDays` without an update and are shown in their last 14 days.
    public func overview(
        scope: LeadFilter, assignee: Int?, untouchedDays: Int, expireDays: Int, channels: Bool
    ) async throws -> LeadOverview {
        var overview = LeadOverview()
        let condition = LeadFilterSQL.condition(try scope.validated())
        let open: SQL = "l.status NOT IN ('landed', 'lost', 'junk')"
        overview.newSinceYesterday = try await count(
            "\(condition) AND l.created_at >= (current_date - 1)::timestamp AT TIME ZONE 'Asia/Shanghai'")
        overview.untouched = try await count(
            "\(condition) AND \(open) AND l.updated_at < now() - \(untouchedDays) * interval '1 day'")
        overview.unassigned = try await count("\(condition) AND \(open) AND l.assignee_id IS NULL")
        let byStatusRows = try await client.run(
            """
            SELECT l.status::text, count(*)::int FROM leads l
            WHERE \(condition) AND \(open)
              AND (\(assignee)::int IS NULL OR l.assignee_id = \(assignee)::int)
            GROUP BY l.status
            """, logger: logger)
        var byStatus: [LeadStatus: Int] = [:]
        for try await (status, count) in byStatusRows.decode((String, Int).self) {
            if let status = LeadStatus(rawValue: status) { byStatus[status] = count }
        }
        overview.openByStatus = LeadStatus.allCases.filter(\.isOpen).map { ($0, byStatus[$0] ?? 0) }
        let parks = scope.parkScope
        let expiring = try await client.run(
            """
            SELECT ref, title, greatest(0, \(expireDays) - extract(day FROM now() - updated_at)::int)
            FROM listings
            WHERE status IN ('active', 'pending') AND updated_at < now() - (\(expireDays) - 14) * interval '1 day'
              AND (\(parks)::int[] IS NULL OR park_id = ANY(\(parks)::int[]))
            ORDER BY updated_at LIMIT 10
            """, logger: logger)
        for try await (ref, title, days) in expiring.decode((String, String, Int).self) {
            overview.expiringListings.append((ref, title, days))
        }
        guard channels else { return overview }
        let failing = try await client.run(
            """
            SELECT c.name, count(*)::int FROM notify_outbox o JOIN notify_channels c ON c.id = o.channel_id
            WHERE o.state = 'dead' GROUP BY c.name ORDER BY c.name
            """, logger: logger)
        for try await (name, dead) in failing.decode((String, Int).self) {
            overview.failingChannels.append((name, dead))
        }
        return overview
    }

    /// The pipeline board: the newest `perStatus` leads of each status within `scope`, and whether there are more
    /// (no count of every lead: the inbox filtered by status has them all).
    public func board(
        scope: LeadFilter, perStatus: Int = 30
    ) async throws -> [(
        status: LeadStatus, leads: [Lead], more: Bool
    )] {
        // the columns are read at the same time, each on a connection of its own
        try await withThrowingTaskGroup(of: (LeadStatus, [Lead]).self) { group in
            for status in LeadStatus.allCases {
                var filter = scope
                filter.statuses = [status]
                filter.limit = perStatus + 1
                group.addTask { [filter] in (status, try await list(filter)) }
            }
            var byStatus: [LeadStatus: [Lead]] = [:]
            for try await (status, leads) in group { byStatus[status] = leads }
            return LeadStatus.allCases.map { status in
                let leads = byStatus[status] ?? []
                return (status, Array(leads.prefix(perStatus)), leads.count > perStatus)
            }
        }
    }

    /// How many leads `condition` selects.
    private func count(_ condition: SQL) async throws -> Int {
        let rows = try await client.run("SELECT count(*)::int FROM leads l WHERE \(condition)", logger: logger)
        return try await rows.first(Int.self) ?? 0
    }

    /// The newest lead id within `scope` (the console's live inbox asks for it every second).
    public func newestID(scope: LeadFilter) async throws -> Int64 {
        let rows = try await client.run(
            """
            SELECT coalesce(max(l.id), 0) FROM leads l WHERE \(LeadFilterSQL.condition(try scope.validated()))
            """, logger: logger)
        for try await id in rows.decode(Int64.self) { return id }
        return 0
    }
}
