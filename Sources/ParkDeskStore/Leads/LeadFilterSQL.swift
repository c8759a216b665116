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
            conditions.append("l.assignee_id = (SELECT id FROM staff WHERE lower(login) = lower(\(assignee)))")
        }
        if let mobile = filter.mobile { conditions.append("l.mobile = \(mobile)") }
        if let parks = filter.parkScope { conditions.append(concerning(parks)) }
        if let park = filter.parkID { conditions.append(concerning([park])) }
        if let digits = filter.mobileDigits {
            conditions.append("l.mobile LIKE '%' || \(digits) || '%'")
        } else if let text = filter.text, let pattern = filter.textPattern {
            conditions.append(
                """
                text_grams(coalesce(l.contact_name, '') || ' ' || coalesce(l.company, '')) @> query_grams(\(text))
                AND (l.contact_name ILIKE \(pattern) OR l.company ILIKE \(pattern))
                """)
        }
        if let days = filter.untouchedDays {
            conditions.append(
                """
                l.status NOT IN ('landed', 'lost', 'junk') AND l.updated_at < now() - \(days) * interval '1 day'
                """)
        }
        return SQL.join(conditions, separator: " AND ")
    }

    /// Leads naming one of the parks, or from a listing in one of them.
    static func concerning(_ parks: [Int]) -> SQL {
        """
        (l.park_ids && \(parks)::int[]
         OR l.listing_id = ANY(ARRAY(SELECT id FROM listings WHERE park_id = ANY(\(parks)::int[]))))
        """
    }
}
