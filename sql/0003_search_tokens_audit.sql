-- ParkDesk schema, step 3: keyword and map search over listings, API tokens, and the audit log.

-- Chinese keyword search (shared/notes/chinese-search.md): pg_trgm cannot index 1–2 character words
-- such as 厂房 or 行车, so every listing keeps the set of its characters and overlapping character pairs.
-- Spaces and punctuation (ASCII and full-width) break the sequence; letters are lower-cased.
-- A keyword matches when all its grams are present (GIN) and the text really contains it (ILIKE).
CREATE FUNCTION text_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}')
    FROM (
        SELECT substr(w, i, n) AS g
        FROM regexp_split_to_table(lower(t), '[\s!-/:-@\[-`{-~，。、；：！？（）【】《》“”‘’·…—～　]+') AS w,
             generate_series(1, 2) AS n,
             generate_series(1, char_length(w) - n + 1) AS i
    ) grams
    WHERE g <> ''
$$;

-- What a search term must contain: its overlapping pairs (a pair implies its characters), or the single
-- character of a one-character word. Fewer, more specific grams than text_grams() also give the planner a
-- far better row estimate (it multiplies the grams' frequencies as if they were independent).
CREATE FUNCTION query_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}')
    FROM (
        SELECT CASE WHEN char_length(w) = 1 THEN w ELSE substr(w, i, 2) END AS g
        FROM regexp_split_to_table(lower(t), '[\s!-/:-@\[-`{-~，。、；：！？（）【】《》“”‘’·…—～　]+') AS w,
             generate_series(1, greatest(char_length(w) - 1, 1)) AS i
    ) grams
    WHERE g <> ''
$$;

-- An expression index, not a stored column: the grams would triple the table's size (measured: 876 of
-- 1300 bytes a row), and every scan pays for a bigger table. Queries repeat this exact expression.
CREATE INDEX listings_search_grams ON listings USING gin (text_grams(title || ' ' || description || ' ' || address));

-- The public sees active and pending listings; one index per sort order of the search.
CREATE INDEX listings_public_newest ON listings (created_at DESC, id DESC)
    WHERE status IN ('active', 'pending');
CREATE INDEX listings_public_price_asc
    ON listings ((coalesce(price_monthly_per_m2, price_total_yuan, 'Infinity'::numeric)), id)
    WHERE status IN ('active', 'pending');
CREATE INDEX listings_public_price_desc
    ON listings ((coalesce(price_monthly_per_m2, price_total_yuan, '-Infinity'::numeric)) DESC, id DESC)
    WHERE status IN ('active', 'pending');
CREATE INDEX listings_public_area
    ON listings ((coalesce(building_area_m2, land_area_m2)), id)
    WHERE status IN ('active', 'pending');
CREATE INDEX listings_public_district
    ON listings (district_id, kind, created_at DESC, id DESC)
    WHERE status IN ('active', 'pending');
CREATE INDEX listings_public_kind
    ON listings (kind, created_at DESC, id DESC)
    WHERE status IN ('active', 'pending');
-- "within N km": the point on the earth's surface, stored (ll_to_earth costs too much to repeat per row
-- and per use). A cube box around the search point finds candidates, earth_distance() keeps the exact
-- ones, and the GiST index returns rows nearest first for "sort by distance" (`<->`).
ALTER TABLE listings ADD COLUMN location earth GENERATED ALWAYS AS (ll_to_earth(latitude, longitude)) STORED;
CREATE INDEX listings_location ON listings USING gist (location);

-- Bearer tokens for the admin API. Only a SHA-256 hash of the token is stored; the token is shown once.
CREATE TYPE token_role AS ENUM ('admin', 'agent');

CREATE TABLE api_tokens (
    id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,59}$'),
    role         token_role NOT NULL,
    token_hash   bytea NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    prefix       text NOT NULL CHECK (char_length(prefix) BETWEEN 4 AND 16),
    created_by   text NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 80),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Who changed what, through which door: every admin write (API and CLI) adds one row in its transaction.
CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 80),
    action      text NOT NULL CHECK (action ~ '^[a-z]+(\.[a-z-]+)+$'),
    target      text NOT NULL CHECK (char_length(target) BETWEEN 1 AND 80),
    request_id  text CHECK (char_length(request_id) <= 100),
    detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_target ON audit_log (target, at);
CREATE INDEX audit_log_at ON audit_log (at);
