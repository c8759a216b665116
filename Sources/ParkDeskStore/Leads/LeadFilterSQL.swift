import ParkDeskCore

/// The `WHERE` condition of a lead filter, shared by lists and exports. Values enter as binds only; the
/// statement is planned with them known, so unused conditions fold away.
enum LeadFilterSQL {
    static func append(_ filter: LeadFilter, to sql: inout QueryBuilder) throws {
        let statuses = filter.statuses.map(\.rawValue)
        let sources = filter.sources.map(\.rawValue)
        sql.append("""
            l.merged_into IS NULL
              AND (\(try sql.bind(filter.since))::date IS NULL
                   OR l.created_at >= (\(try sql.bind(filter.since))::date)::timestamp AT TIME ZONE 'Asia/Shanghai')
              AND (\(try sql.bind(filter.until))::date IS NULL
                   OR l.created_at < (\(try sql.bind(filter.until))::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
              AND (cardinality(\(try sql.bind(statuses))::lead_status[]) = 0
                   OR l.status = ANY(\(try sql.bind(statuses))::lead_status[]))
              AND (cardinality(\(try sql.bind(sources))::lead_source[]) = 0
                   OR l.source = ANY(\(try sql.bind(sources))::lead_source[]))
              AND (\(try sql.bind(filter.listingRef))::text IS NULL
                   OR l.listing_id = (SELECT id FROM listings WHERE ref = \(try sql.bind(filter.listingRef))))
              AND (\(try sql.bind(filter.assignee))::text IS NULL
                   OR (\(try sql.bind(filter.assignee)) = \(try sql.bind(LeadFilter.unassigned)) AND l.assignee_id IS NULL)
                   OR l.assignee_id = (SELECT id FROM api_tokens WHERE name = \(try sql.bind(filter.assignee))))
              AND (\(try sql.bind(filter.mobile))::text IS NULL OR l.mobile = \(try sql.bind(filter.mobile)))
            """)
    }
}
