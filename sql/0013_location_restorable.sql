-- Backups must restore with PostgreSQL's own tools (issue 17). pg_restore runs with an empty search_path, and
-- earthdistance's ll_to_earth() names its `earth` type and functions unqualified, so the generated `location`
-- column could not be computed while a dump was loaded ("type earth does not exist"). The column is now
-- computed by a function of ours that carries its own search_path (PostgreSQL 15 cannot change a generated
-- column's expression: the column and its index are made again).
CREATE FUNCTION listing_location(latitude float8, longitude float8) RETURNS earth
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT SET search_path = public, pg_catalog
AS $$ SELECT ll_to_earth(latitude, longitude) $$;

ALTER TABLE listings DROP COLUMN location;
ALTER TABLE listings ADD COLUMN location earth GENERATED ALWAYS AS (listing_location(latitude, longitude)) STORED;
CREATE INDEX listings_location ON listings USING gist (location);
