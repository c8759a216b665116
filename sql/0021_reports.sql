-- ParkDesk schema, step 21 (issue 34): the office's numbers. Listing views are counted in memory by every
-- instance and added here in batches (a view never waits for a write); nothing personal is kept, only how many
-- times a listing's public page and its API detail were read on a day (Asia/Shanghai). Several instances add to
-- the same row: `INSERT … ON CONFLICT DO UPDATE SET page_views = page_views + excluded.page_views`.
CREATE TABLE listing_views (
    listing_id bigint NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    day        date NOT NULL,
    page_views bigint NOT NULL DEFAULT 0 CHECK (page_views >= 0),
    api_views  bigint NOT NULL DEFAULT 0 CHECK (api_views >= 0),
    PRIMARY KEY (listing_id, day)
);
-- The period report's most viewed listings: the days of a period, not every listing's row.
CREATE INDEX listing_views_day ON listing_views (day);

-- What the period report reads by time rather than by lead or listing: status changes within or after a
-- period (the funnel as of the period's end, the pipeline then, signed and landed projects), inquiries within
-- it (repeat inquiries, the most asked-about listings) and listing status changes (new, leased, sold, withdrawn,
-- the listings active at the period's end). The status columns ride along, so that the changes since a period's
-- end are read from the index alone.
CREATE INDEX lead_history_status_at ON lead_history (at) INCLUDE (lead_id, from_status, to_status, id)
    WHERE event = 'status';
CREATE INDEX lead_inquiries_received ON lead_inquiries (received_at);
CREATE INDEX listing_status_history_changed ON listing_status_history (changed_at)
    INCLUDE (listing_id, from_status, to_status, id);
-- The pipeline at a period's end counts every lead by stage with its tax and investment: from this index alone
-- (at 1,000,000 leads 0.4 s against 0.7 s from the table).
CREATE INDEX leads_pipeline ON leads (created_at) INCLUDE (id, status, expected_tax_wan, investment_wan)
    WHERE merged_into IS NULL;
