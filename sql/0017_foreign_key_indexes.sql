-- Every foreign key into a large table has an index on its column, so a delete there finds the rows that point at
-- it by index. Without `leads_merged_into`, purging 200 leads (each delete checks leads.merged_into for rows merged
-- into it) scanned the million leads 200 times: 50 s, past housekeeping's statement limit (issue 29, measured with
-- bench/housekeeping.py); with it a batch of 2,000 takes 46 ms.
CREATE INDEX leads_merged_into ON leads (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX lead_inquiries_listing ON lead_inquiries (listing_id) WHERE listing_id IS NOT NULL;
CREATE INDEX lead_listing_alerts_listing ON lead_listing_alerts (listing_id);
