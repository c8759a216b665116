-- Issue 33: the results page's facet counts (by kind, district and deal) were a GROUP BY over every matching
-- listing — at 100,000 listings, q=厂房 grouped ~40,000 rows per page view, 4–7× slower than the search itself.
-- The public listings are counted here per district, park, kind, deal and status, kept by a statement-level
-- trigger in the same transaction as the change (exact, never ahead or behind a committed write); a search whose
-- filters are among those columns (what the search box reads most: 湘潭 仓库, 雨湖 厂房) sums a few hundred rows.
CREATE TABLE listing_counts (
    district_id smallint NOT NULL,
    park_id     integer NOT NULL,  -- 0: in no park
    kind        listing_kind NOT NULL,
    deal        deal_type NOT NULL,
    status      listing_status NOT NULL CHECK (status IN ('active', 'pending')),
    listings    bigint NOT NULL,  -- no CHECK (>= 0): INSERT … ON CONFLICT checks the proposed row, a negative delta
    PRIMARY KEY (district_id, park_id, kind, deal, status)
);
-- A park's public listings (every park answer, the home page's eight parks) summed from here, not counted from an
-- index of listings (~20,000 index entries per park at 1,000,000 listings).
CREATE INDEX listing_counts_park ON listing_counts (park_id) WHERE park_id <> 0;

-- The public rows of the statement's new rows (+1) and old rows (−1) by key, added to the counts in key order, so
-- that two writers lock the counts they share in the same order. An INSERT has no old rows, a DELETE no new ones
-- (a statement naming a transition table the trigger lacks would fail: PL/pgSQL plans each branch when it runs).
CREATE FUNCTION listing_counts_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO listing_counts AS c (district_id, park_id, kind, deal, status, listings)
        SELECT district_id, coalesce(park_id, 0), kind, deal, status, count(*)
        FROM new_rows WHERE status IN ('active', 'pending')
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (district_id, park_id, kind, deal, status) DO UPDATE SET listings = c.listings + excluded.listings;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO listing_counts AS c (district_id, park_id, kind, deal, status, listings)
        SELECT district_id, coalesce(park_id, 0), kind, deal, status, -count(*)
        FROM old_rows WHERE status IN ('active', 'pending')
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (district_id, park_id, kind, deal, status) DO UPDATE SET listings = c.listings + excluded.listings;
    ELSE
        INSERT INTO listing_counts AS c (district_id, park_id, kind, deal, status, listings)
        SELECT district_id, park_id, kind, deal, status, sum(n)
        FROM (SELECT district_id, coalesce(park_id, 0) AS park_id, kind, deal, status, 1 AS n
              FROM new_rows WHERE status IN ('active', 'pending')
              UNION ALL
              SELECT district_id, coalesce(park_id, 0), kind, deal, status, -1
              FROM old_rows WHERE status IN ('active', 'pending')) changed
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (district_id, park_id, kind, deal, status) DO UPDATE SET listings = c.listings + excluded.listings;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER listing_counts_insert AFTER INSERT ON listings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_counts_change();
CREATE TRIGGER listing_counts_update AFTER UPDATE ON listings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_counts_change();
CREATE TRIGGER listing_counts_delete AFTER DELETE ON listings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_counts_change();

CREATE FUNCTION listing_counts_clear() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_catalog AS $$
BEGIN
    DELETE FROM listing_counts;
    RETURN NULL;
END $$;

CREATE TRIGGER listing_counts_truncate AFTER TRUNCATE ON listings
    FOR EACH STATEMENT EXECUTE FUNCTION listing_counts_clear();

INSERT INTO listing_counts (district_id, park_id, kind, deal, status, listings)
SELECT district_id, coalesce(park_id, 0), kind, deal, status, count(*)
FROM listings WHERE status IN ('active', 'pending')
GROUP BY 1, 2, 3, 4, 5;
