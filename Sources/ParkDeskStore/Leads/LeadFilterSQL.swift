import ParkDeskCore

/// The `WHERE` condition of a lead filter, shared by lists and exports: one condition per filter that is set.
enum LeadFilterSQL {
    static func condition(_ filter: LeadFilter) -> SQL {
        var conditions: [SQL] = ["l.merged_into IS NULL"]
        if let since = filter.since {
            conditions.append("l.created_at >= (\(since)::date)::timestamp AT TIME ZONE 'Asia/Shanghai'")
        }
        if let until = filter.until {
            conditions.append("l.created_at < (\(until)::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'")
        }
        if !filter.statuses.isEmpty {
            conditions.append("l.status = ANY(\(filter.statuses.map(\.rawValue))::lead_status[])")
        }
        if !filter.sources.isEmpty {
            conditions.append("l.source = ANY(\(filter.sources.map(\.rawValue))::lead_source[])")
        }
        if let listing = filter.listingRef {
            conditions.append("l.listing_id = (SELECT id FROM listings WHERE ref = \(listing))")
        }
        if filter.assignee == LeadFilter.unassigned {
            conditions.append("l.assignee_id IS NULL")
        } else if let assignee = filter.assignee {
            conditions.append("l.assignee_id = (SELECT id FROM api_tokens WHERE name = \(assignee))")
        }
        if let mobile = filter.mobile { conditions.append("l.mobile = \(mobile)") }
        return SQL.join(conditions, separator: " AND ")
    }
}
