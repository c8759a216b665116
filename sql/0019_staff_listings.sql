-- The console's listing list: every status, the listing changed last first.
CREATE INDEX listings_updated ON listings (updated_at DESC, id DESC);
