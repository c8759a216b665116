-- ParkDesk schema, step 4: investor leads, their inquiries and follow-up pipeline, and the shared state
-- that lets several ParkDesk instances agree on idempotency keys, rate limits and dropped bot posts.

CREATE TYPE lead_status AS ENUM (
    'new', 'contacted', 'qualified', 'visiting', 'negotiating', 'signed', 'landed', 'lost', 'junk');
CREATE TYPE lead_source AS ENUM ('web', 'hotline', 'wechat', 'walk-in', 'referral', 'event');

CREATE SEQUENCE lead_ref_seq;

-- The running number of a reference: six digits at least (000123), all of them beyond (1234567).
CREATE FUNCTION reference_number(n bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lpad(n::text, greatest(6, length(n::text)), '0')
$$;

CREATE TABLE leads (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- LD-2026-000123: what staff say on the phone and write in the CSV
    ref               text NOT NULL UNIQUE DEFAULT (
                          'LD-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-'
                          || reference_number(nextval('lead_ref_seq')))
                      CHECK (ref ~ '^LD-[0-9]{4}-[0-9]{6,}$'),
    status            lead_status NOT NULL DEFAULT 'new',
    status_reason     text CHECK (char_length(status_reason) <= 500),

    -- the need (需求)
    wanted_kinds      listing_kind[] NOT NULL DEFAULT '{}' CHECK (cardinality(wanted_kinds) <= 7),
    deal              deal_type,
    min_area_m2       numeric(14, 2) CHECK (min_area_m2 > 0 AND min_area_m2 <= 1000000000),
    max_area_m2       numeric(14, 2) CHECK (max_area_m2 > 0 AND max_area_m2 <= 1000000000),
    -- rent: 元 per m² per month; sale/transfer: 万元 total
    budget_amount     numeric(14, 2) CHECK (budget_amount > 0),
    budget_unit       price_unit CHECK (budget_unit IN ('yuan-per-m2-month', 'wan-yuan-total')),
    district_ids      smallint[] NOT NULL DEFAULT '{}' CHECK (cardinality(district_ids) <= 20),
    park_ids          integer[] NOT NULL DEFAULT '{}' CHECK (cardinality(park_ids) <= 20),
    min_crane_tons    numeric(6, 1) CHECK (min_crane_tons > 0 AND min_crane_tons <= 1000),
    move_in           date,
    need_text         text CHECK (char_length(need_text) <= 2000),
    intended_use      text CHECK (char_length(intended_use) <= 200),          -- 用途 / industry
    expected_tax_wan  numeric(14, 2) CHECK (expected_tax_wan >= 0),           -- 税收, 万元/年
    investment_wan    numeric(14, 2) CHECK (investment_wan >= 0),             -- 计划投资, 万元

    -- who (personal fields: erased on request, see erased_at)
    company           text CHECK (char_length(company) BETWEEN 1 AND 200),
    credit_code       text CHECK (credit_code ~ '^[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{10}$'),
    contact_name      text CHECK (char_length(contact_name) BETWEEN 1 AND 60),
    mobile            text CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
    landline          text CHECK (landline ~ '^[0-9+() -]{5,30}$'),
    wechat            text CHECK (char_length(wechat) BETWEEN 1 AND 60),
    email             text CHECK (char_length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
    message           text CHECK (char_length(message) <= 2000),               -- the first message; later ones are inquiries

    listing_id        bigint REFERENCES listings (id) ON DELETE SET NULL,
    source            lead_source NOT NULL,
    campaign          text CHECK (char_length(campaign) BETWEEN 1 AND 100),
    consent_version   text CHECK (char_length(consent_version) BETWEEN 1 AND 40),
    consent_at        timestamptz,

    assignee_id       integer REFERENCES api_tokens (id),
    merged_into       bigint REFERENCES leads (id) ON DELETE CASCADE,
    erased_at         timestamptz,
    created_by        text NOT NULL CHECK (char_length(created_by) BETWEEN 1 AND 80),
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    last_inquiry_at   timestamptz NOT NULL DEFAULT now(),
    inquiry_count     integer NOT NULL DEFAULT 1 CHECK (inquiry_count >= 1),
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),

    CONSTRAINT lead_area_range CHECK (min_area_m2 IS NULL OR max_area_m2 IS NULL OR min_area_m2 <= max_area_m2),
    CONSTRAINT lead_budget_pair CHECK ((budget_amount IS NULL) = (budget_unit IS NULL)),
    CONSTRAINT lead_consent_pair CHECK ((consent_version IS NULL) = (consent_at IS NULL)),
    -- a live lead can be called back; an erased one keeps no way to reach the person
    CONSTRAINT lead_reachable CHECK (erased_at IS NOT NULL OR mobile IS NOT NULL),
    CONSTRAINT lead_erased_clean CHECK (
        erased_at IS NULL OR num_nonnulls(company, credit_code, contact_name, mobile, landline, wechat, email, message, need_text) = 0),
    CONSTRAINT lead_reason_when_closed CHECK (status NOT IN ('lost', 'junk') OR status_reason IS NOT NULL),
    CONSTRAINT lead_not_merged_into_itself CHECK (merged_into <> id)
);

-- Finding the open lead a new inquiry belongs to (same mobile or credit code within 30 days).
CREATE INDEX leads_open_mobile ON leads (mobile, last_inquiry_at DESC)
    WHERE merged_into IS NULL AND status NOT IN ('landed', 'lost', 'junk');
CREATE INDEX leads_open_credit_code ON leads (credit_code, last_inquiry_at DESC)
    WHERE credit_code IS NOT NULL AND merged_into IS NULL AND status NOT IN ('landed', 'lost', 'junk');
-- Lists and exports, newest first, by status, assignee and listing.
CREATE INDEX leads_created ON leads (created_at DESC, id DESC);
CREATE INDEX leads_status_created ON leads (status, created_at DESC, id DESC);
CREATE INDEX leads_assignee ON leads (assignee_id, created_at DESC) WHERE assignee_id IS NOT NULL;
CREATE INDEX leads_listing ON leads (listing_id) WHERE listing_id IS NOT NULL;
CREATE INDEX leads_updated ON leads (updated_at);

-- The legal pipeline moves; a trigger refuses any other (Core's LeadStatus.next holds the same table).
CREATE TABLE lead_status_transitions (
    from_status lead_status NOT NULL,
    to_status   lead_status NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO lead_status_transitions (from_status, to_status) VALUES
    ('new', 'contacted'), ('new', 'lost'), ('new', 'junk'),
    ('contacted', 'qualified'), ('contacted', 'lost'), ('contacted', 'junk'),
    ('qualified', 'visiting'), ('qualified', 'negotiating'), ('qualified', 'lost'),
    ('visiting', 'negotiating'), ('visiting', 'qualified'), ('visiting', 'lost'),
    ('negotiating', 'signed'), ('negotiating', 'visiting'), ('negotiating', 'lost'),
    ('signed', 'landed'), ('signed', 'lost'),
    ('lost', 'contacted'), ('junk', 'new');

CREATE FUNCTION leads_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
        SELECT 1 FROM lead_status_transitions WHERE from_status = OLD.status AND to_status = NEW.status)
    THEN
        RAISE EXCEPTION 'illegal lead status change % -> %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'lead_status_transition';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER leads_status_transition BEFORE UPDATE OF status ON leads
    FOR EACH ROW EXECUTE FUNCTION leads_check_transition();

-- Every time the person got in touch: the first contact and each later one attached as a duplicate.
CREATE TABLE lead_inquiries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id     bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    receipt     uuid NOT NULL UNIQUE,
    received_at timestamptz NOT NULL DEFAULT now(),
    source      lead_source NOT NULL,
    campaign    text CHECK (char_length(campaign) <= 100),
    listing_id  bigint REFERENCES listings (id) ON DELETE SET NULL,
    message     text CHECK (char_length(message) <= 2000),
    client_ip   inet,
    entered_by  text NOT NULL CHECK (char_length(entered_by) BETWEEN 1 AND 80)
);
CREATE INDEX lead_inquiries_lead ON lead_inquiries (lead_id, received_at);

CREATE TABLE lead_notes (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id    bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    author     text NOT NULL CHECK (char_length(author) BETWEEN 1 AND 80),
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX lead_notes_lead ON lead_notes (lead_id, created_at);

-- Every change to a lead: created, inquiry, status, assign, note, merge, erase.
CREATE TABLE lead_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id     bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text NOT NULL CHECK (char_length(actor) BETWEEN 1 AND 80),
    event       text NOT NULL CHECK (event IN ('created', 'inquiry', 'status', 'assign', 'note', 'merge', 'erase')),
    from_status lead_status,
    to_status   lead_status,
    detail      text NOT NULL DEFAULT '' CHECK (char_length(detail) <= 1000)
);
CREATE INDEX lead_history_lead ON lead_history (lead_id, at, id);

-- Idempotency-Key records of POST /api/v1/leads, shared by every instance. A claim without a response is a
-- request in flight; one older than a minute was abandoned (its instance died) and may be taken over.
CREATE TABLE idempotency_keys (
    key          text PRIMARY KEY CHECK (char_length(key) BETWEEN 1 AND 255),
    request_hash bytea NOT NULL CHECK (octet_length(request_hash) = 32),
    claimed_at   timestamptz NOT NULL DEFAULT now(),
    response     jsonb,
    completed_at timestamptz
);
CREATE INDEX idempotency_keys_claimed ON idempotency_keys (claimed_at);

-- Token buckets of the per-client rate limit. UNLOGGED: losing them in a crash only forgives some clients.
CREATE UNLOGGED TABLE rate_limit_buckets (
    bucket     text PRIMARY KEY CHECK (char_length(bucket) <= 100),
    tokens     double precision NOT NULL,
    allowed    boolean NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Posts that the honeypot or the minimum fill time dropped, counted per day and reason.
CREATE TABLE dropped_lead_posts (
    day    date NOT NULL,
    reason text NOT NULL CHECK (reason IN ('honeypot', 'too-fast')),
    count  bigint NOT NULL CHECK (count >= 0),
    PRIMARY KEY (day, reason)
);

-- One CSV field (RFC 4180): a value starting with = + - @ tab CR or LF gets a leading ' so that Excel and WPS
-- never run it as a formula; a value with a comma, quote, CR or LF is quoted with inner quotes doubled.
-- One expression (no FROM), so the planner inlines it into the export query instead of calling it per field.
CREATE FUNCTION csv_field(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN value IS NULL THEN ''
        WHEN value ~ '^[=+\-@\t\r\n]' THEN '"''' || replace(value, '"', '""') || '"'
        WHEN value ~ '[",\r\n]' THEN '"' || replace(value, '"', '""') || '"'
        ELSE value
    END
$$;
