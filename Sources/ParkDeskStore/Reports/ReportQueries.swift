/// The report's three statements. Each reads only the period's rows through indexes on time (leads by
/// `created_at`, status changes by `at`/`changed_at`, inquiries by `received_at`, views by `day`), and the two
/// snapshots at the period's end take the status now and undo the changes made since (the first change after the
/// period's end holds the status before it): the active listings from the kept `listing_counts`, correcting only
/// the listings changed since; the pipeline from every lead's entry of the `leads_pipeline` index.
extension ReportStore {
    /// `rows` (a subquery with columns `key` and `n`) as a JSON array of `{key, n}`.
    static func keyCounts(_ rows: SQL) -> SQL {
        "(SELECT coalesce(json_agg(json_build_object('key', key, 'n', n)), '[]') FROM (\(rows)) AS x)"
    }

    /// The period's new leads counted by each entry of an array column (a lead wanting two kinds counts for both; one
    /// with none counts under a null key).
    static func entries(of column: StaticString) -> SQL {
        keyCounts(
            "SELECT e::text AS key, count(*) AS n FROM timed LEFT JOIN LATERAL unnest(\(raw: column)) e ON true "
                + "GROUP BY 1"
        )
    }

    /// A group's call-back speed from capture to the first 已联系, in hours.
    static let speed: SQL = """
        json_build_object(
            'contacted', count(hours), 'due', count(*) FILTER (WHERE due),
            'late', count(*) FILTER (WHERE due AND prompt IS NOT TRUE),
            'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY hours),
            'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY hours))
        """

    /// The period's new leads (merged duplicates left out) with what their status history says by the end.
    static func cohort(_ w: Window) -> SQL {
        """
        WITH cohort AS MATERIALIZED (
            SELECT l.id, l.source, l.wanted_kinds, l.district_ids, l.park_ids, l.assignee_id, l.created_at,
                   date_trunc('week', l.created_at AT TIME ZONE 'Asia/Shanghai')::date AS week
            FROM leads l
            WHERE l.created_at >= \(w.start) AND l.created_at < \(w.asOf) AND l.merged_into IS NULL),
        -- a lead's status changes come after its capture, so the period's changes hold all of the cohort's: one
        -- range of the time index (read from the index alone), joined by hash, not a lookup per lead
        steps AS (
            SELECT h.lead_id,
                   max(h.to_status) FILTER (WHERE h.to_status BETWEEN 'contacted' AND 'landed') AS furthest,
                   min(h.at) FILTER (WHERE h.to_status = 'contacted') AS first_contact,
                   min(h.at) FILTER (WHERE h.to_status = 'junk') AS junked_at,
                   (array_agg(h.to_status ORDER BY h.at DESC, h.id DESC))[1] AS last_status,
                   (array_agg(h.id ORDER BY h.at DESC, h.id DESC))[1] AS last_change
            FROM lead_history h
            WHERE h.event = 'status' AND h.at >= \(w.start) AND h.at < \(w.asOf)
            GROUP BY h.lead_id),
        timed AS MATERIALIZED (
            SELECT c.*, s.furthest, s.first_contact, s.junked_at, s.last_status, s.last_change,
                   extract(epoch FROM first_contact - created_at) / 3600 AS hours,
                   first_contact <= created_at + interval '24 hours' AS prompt,
                   -- due a call once 24 hours have passed, unless screened out as junk before any contact
                   created_at + interval '24 hours' <= \(w.asOf)
                       AND NOT coalesce(junked_at <= created_at + interval '24 hours'
                                        AND (first_contact IS NULL OR first_contact > junked_at), false) AS due
            FROM cohort c LEFT JOIN steps s ON s.lead_id = c.id)
        SELECT json_build_object(
            'total', (SELECT count(*) FROM timed),
            'bySource', \(keyCounts("SELECT source::text AS key, count(*) AS n FROM timed GROUP BY 1")),
            'byKind', \(entries(of: "wanted_kinds")),
            'byDistrict', \(entries(of: "district_ids")),
            'byPark', \(entries(of: "park_ids")),
            'furthest', \(keyCounts("SELECT furthest::text AS key, count(*) AS n FROM timed GROUP BY 1")),
            'byWeek', (SELECT coalesce(json_agg(json_build_object('week', week, 'key', source, 'n', n)), '[]')
                       FROM (SELECT week, source, count(*) AS n FROM timed GROUP BY 1, 2) AS x),
            'closed', (SELECT coalesce(json_agg(json_build_object('status', last_status, 'reason', reason, 'n', n)),
                                       '[]')
                       FROM (SELECT last_status, count(*) AS n,
                                    btrim((SELECT detail FROM lead_history WHERE id = last_change)) AS reason
                             FROM timed WHERE last_status IN ('lost', 'junk') GROUP BY 1, 3) AS x),
            'speed', (SELECT \(speed) FROM timed),
            'agents', (SELECT coalesce(json_agg(x), '[]') FROM (
                SELECT t.assignee_id AS id, s.login, s.display_name AS name, count(*) AS assigned, \(speed) AS speed
                FROM timed t JOIN staff s ON s.id = t.assignee_id GROUP BY 1, 2, 3) AS x))::text
        """
    }

    /// Visits, signings and landings within the period, the repeat inquiries, and the pipeline at its end.
    static func activity(_ w: Window) -> SQL {
        """
        WITH moves AS MATERIALIZED (
            SELECT h.lead_id, h.to_status FROM lead_history h
            WHERE h.event = 'status' AND h.at >= \(w.start) AND h.at < \(w.asOf)
              AND h.to_status IN ('visiting', 'signed', 'landed')),
        later AS MATERIALIZED (
            SELECT DISTINCT ON (lead_id) lead_id, from_status FROM lead_history
            WHERE event = 'status' AND at >= \(w.asOf) ORDER BY lead_id, at, id),
        stages AS (
            SELECT coalesce(later.from_status, l.status) AS status, count(*) AS n,
                   coalesce(sum(l.expected_tax_wan), 0)::text AS tax,
                   coalesce(sum(l.investment_wan), 0)::text AS investment,
                   count(l.expected_tax_wan) AS "withTax", count(l.investment_wan) AS "withInvestment"
            FROM leads l LEFT JOIN later ON later.lead_id = l.id
            WHERE l.merged_into IS NULL AND l.created_at < \(w.asOf) GROUP BY 1),
        repeats AS (
            SELECT count(*) AS inquiries, count(DISTINCT i.lead_id) AS people FROM lead_inquiries i
            WHERE i.received_at >= \(w.start) AND i.received_at < \(w.asOf)
              AND EXISTS (SELECT 1 FROM lead_inquiries e WHERE e.lead_id = i.lead_id AND e.received_at < i.received_at))
        SELECT json_build_object(
            'agents', (SELECT coalesce(json_agg(x), '[]') FROM (
                SELECT l.assignee_id AS id, s.login, s.display_name AS name,
                       count(DISTINCT m.lead_id) FILTER (WHERE m.to_status = 'visiting') AS visits,
                       count(DISTINCT m.lead_id) FILTER (WHERE m.to_status = 'signed') AS signed,
                       count(DISTINCT m.lead_id) FILTER (WHERE m.to_status = 'landed') AS landed
                FROM moves m JOIN leads l ON l.id = m.lead_id JOIN staff s ON s.id = l.assignee_id
                WHERE l.merged_into IS NULL GROUP BY 1, 2, 3) AS x),
            'projects', (SELECT coalesce(json_agg(x), '[]') FROM (
                SELECT l.ref, l.status, l.company, l.intended_use AS use, l.investment_wan::text AS investment,
                       l.expected_tax_wan::text AS tax, l.erased_at IS NOT NULL AS erased,
                       (CASE WHEN li.id IS NULL THEN coalesce(l.min_area_m2, l.max_area_m2)
                             WHEN li.kind IN ('factory', 'warehouse', 'office') THEN li.building_area_m2
                             ELSE coalesce(li.land_area_m2, li.building_area_m2) END)::text AS area,
                       coalesce(li.kind NOT IN ('factory', 'warehouse', 'office'),
                                l.wanted_kinds <> '{}' AND NOT l.wanted_kinds && '{factory,warehouse,office}') AS land,
                       (SELECT (min(h.at) AT TIME ZONE 'Asia/Shanghai')::date FROM lead_history h
                        WHERE h.lead_id = l.id AND h.event = 'status' AND h.to_status = 'signed'
                          AND h.at < \(w.asOf)) AS "signedOn",
                       (SELECT (min(h.at) AT TIME ZONE 'Asia/Shanghai')::date FROM lead_history h
                        WHERE h.lead_id = l.id AND h.event = 'status' AND h.to_status = 'landed'
                          AND h.at < \(w.asOf)) AS "landedOn"
                FROM leads l LEFT JOIN listings li ON li.id = l.listing_id
                WHERE l.id IN (SELECT lead_id FROM moves WHERE to_status IN ('signed', 'landed'))
                  AND l.merged_into IS NULL) AS x),
            'pipeline', (SELECT coalesce(json_agg(stages), '[]') FROM stages),
            'repeats', (SELECT row_to_json(repeats) FROM repeats))::text
        """
    }

    /// Listings active at the period's end, their changes within it, and the views and inquiries they drew.
    static func listings(_ w: Window) -> SQL {
        """
        -- each listing changed since the period's end with its status then (before its first change since; none
        -- if it was created since), from the time index alone, once (not once per parallel worker)
        WITH later AS MATERIALIZED (
            SELECT DISTINCT ON (listing_id) listing_id, from_status FROM listing_status_history
            WHERE changed_at >= \(w.asOf) ORDER BY listing_id, changed_at, id),
        -- the active listings now (kept in listing_counts), less those active now but not then, plus those active
        -- then but not now: only the listings changed since are read
        active AS MATERIALIZED (
            SELECT kind, district_id, sum(listings)::bigint AS n FROM listing_counts WHERE status = 'active'
            GROUP BY 1, 2
            UNION ALL
            SELECT li.kind, li.district_id,
                   sum(coalesce(later.from_status = 'active', false)::int - (li.status = 'active')::int)
            FROM later JOIN listings li ON li.id = later.listing_id GROUP BY 1, 2),
        changes AS MATERIALIZED (
            SELECT listing_id, to_status, changed_at FROM listing_status_history
            WHERE changed_at >= \(w.start) AND changed_at < \(w.asOf)
              AND to_status IN ('active', 'leased', 'sold', 'withdrawn')),
        deals AS (
            SELECT DISTINCT ON (c.listing_id)
                   extract(epoch FROM c.changed_at - (
                       SELECT min(e.changed_at) FROM listing_status_history e
                       WHERE e.listing_id = c.listing_id AND e.to_status = 'active' AND e.changed_at <= c.changed_at))
                   / 86400 AS days
            FROM changes c WHERE c.to_status IN ('leased', 'sold') ORDER BY c.listing_id, c.changed_at),
        viewed AS (
            SELECT listing_id, sum(page_views + api_views)::bigint AS views FROM listing_views
            WHERE day BETWEEN \(w.firstDay)::date AND \(w.lastDay)::date GROUP BY 1),
        asked AS (
            SELECT listing_id, count(*) AS inquiries FROM lead_inquiries
            WHERE received_at >= \(w.start) AND received_at < \(w.asOf) AND listing_id IS NOT NULL GROUP BY 1),
        interest AS (
            SELECT listing_id, coalesce(v.views, 0) AS views, coalesce(a.inquiries, 0) AS inquiries
            FROM viewed v FULL JOIN asked a USING (listing_id)),
        -- the ten of each list chosen before their listings are read
        shown AS (
            SELECT li.ref, li.title, li.kind, li.district_id::text AS district, i.views, i.inquiries, li.id, i.list
            FROM (
                (SELECT *, 'viewed' AS list FROM interest WHERE views > 0
                 ORDER BY views DESC, inquiries DESC, listing_id LIMIT 10)
                UNION ALL
                (SELECT *, 'asked' AS list FROM interest WHERE inquiries > 0
                 ORDER BY inquiries DESC, views DESC, listing_id LIMIT 10)) AS i
            JOIN listings li ON li.id = i.listing_id)
        SELECT json_build_object(
            'activeByKind', \(keyCounts(
                "SELECT kind::text AS key, sum(n) AS n FROM active GROUP BY 1 HAVING sum(n) > 0")),
            'activeByDistrict', \(keyCounts(
                "SELECT district_id::text AS key, sum(n) AS n FROM active GROUP BY 1 HAVING sum(n) > 0")),
            'new', (SELECT count(DISTINCT c.listing_id) FROM changes c
                    WHERE c.to_status = 'active' AND NOT EXISTS (
                        SELECT 1 FROM listing_status_history e
                        WHERE e.listing_id = c.listing_id AND e.to_status = 'active' AND e.changed_at < \(w.start))),
            'leased', (SELECT count(DISTINCT listing_id) FROM changes WHERE to_status = 'leased'),
            'sold', (SELECT count(DISTINCT listing_id) FROM changes WHERE to_status = 'sold'),
            'withdrawn', (SELECT count(DISTINCT listing_id) FROM changes WHERE to_status = 'withdrawn'),
            'medianDays', (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM deals),
            'views', (SELECT coalesce(sum(views), 0) FROM viewed),
            'mostViewed', (SELECT coalesce(json_agg(x), '[]') FROM (
                SELECT ref, title, kind, district, views, inquiries FROM shown WHERE list = 'viewed'
                ORDER BY views DESC, inquiries DESC, id) AS x),
            'mostAsked', (SELECT coalesce(json_agg(x), '[]') FROM (
                SELECT ref, title, kind, district, views, inquiries FROM shown WHERE list = 'asked'
                ORDER BY inquiries DESC, views DESC, id) AS x))::text
        """
    }
}
