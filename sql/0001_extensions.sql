-- ParkDesk schema, step 1: the extensions the project relies on.
-- pg_trgm: trigram indexes for keywords of 3+ characters (see shared notes on Chinese search).
-- cube + earthdistance: "within N km of a point" searches without PostGIS.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- JIT compilation added ~9 ms to short search plans in our measurements; ParkDesk's queries are short.
DO $$
BEGIN
    EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
END
$$;
