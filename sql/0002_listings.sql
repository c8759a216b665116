-- ParkDesk schema, step 2: districts, parks and property listings with their media and status history.
-- Enum keys are stable English words; their Chinese labels live in ParkDeskCore (one place for CLI, API, CSV).

CREATE TABLE cities (
    code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
    name text NOT NULL UNIQUE
);

CREATE TABLE districts (
    id        smallint PRIMARY KEY,
    city_code text NOT NULL REFERENCES cities (code),
    key       text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9-]*$'),
    name      text NOT NULL UNIQUE,
    -- other names people use: 易俗河 for 湘潭县, 九华 for 湘潭经开区
    aliases   text[] NOT NULL DEFAULT '{}'
);

INSERT INTO cities (code, name) VALUES ('XT', '湘潭市'), ('CZ', '郴州市');
INSERT INTO districts (id, city_code, key, name, aliases) VALUES
    (1,  'XT', 'yuhu',             '雨湖区',     '{}'),
    (2,  'XT', 'yuetang',          '岳塘区',     '{}'),
    (3,  'XT', 'xiangtan-county',  '湘潭县',     '{易俗河}'),
    (4,  'XT', 'xiangxiang',       '湘乡市',     '{}'),
    (5,  'XT', 'shaoshan',         '韶山市',     '{}'),
    (6,  'XT', 'xiangtan-etdz',    '湘潭经开区', '{九华,湘潭经济技术开发区}'),
    (7,  'XT', 'xiangtan-hitech',  '湘潭高新区', '{湘潭高新技术产业开发区}'),
    (21, 'CZ', 'beihu',            '北湖区',     '{}'),
    (22, 'CZ', 'suxian',           '苏仙区',     '{}'),
    (23, 'CZ', 'zixing',           '资兴市',     '{}'),
    (24, 'CZ', 'guiyang',          '桂阳县',     '{}'),
    (25, 'CZ', 'yizhang',          '宜章县',     '{}'),
    (26, 'CZ', 'yongxing',         '永兴县',     '{}'),
    (27, 'CZ', 'jiahe',            '嘉禾县',     '{}'),
    (28, 'CZ', 'linwu',            '临武县',     '{}'),
    (29, 'CZ', 'rucheng',          '汝城县',     '{}'),
    (30, 'CZ', 'guidong',          '桂东县',     '{}'),
    (31, 'CZ', 'anren',            '安仁县',     '{}'),
    (32, 'CZ', 'chenzhou-hitech',  '郴州高新区', '{}');

CREATE TABLE parks (
    id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 2 AND 60),
    district_id smallint NOT NULL REFERENCES districts (id),
    address     text NOT NULL DEFAULT '' CHECK (char_length(address) <= 200),
    latitude    double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude   double precision CHECK (longitude BETWEEN -180 AND 180),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 5000),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);

CREATE TYPE listing_kind AS ENUM (
    'factory', 'warehouse', 'office', 'industrial-land', 'commercial-land', 'collective-land', 'farmland');
CREATE TYPE deal_type AS ENUM ('rent', 'sale', 'transfer');
CREATE TYPE listing_status AS ENUM ('draft', 'active', 'pending', 'leased', 'sold', 'withdrawn', 'expired');
CREATE TYPE owner_type AS ENUM ('owner', 'park', 'agent');
CREATE TYPE fire_rating AS ENUM ('A', 'B', 'C', 'D', 'E');
CREATE TYPE land_nature AS ENUM ('state', 'collective');
CREATE TYPE title_status AS ENUM ('certified', 'public-notice', 'in-process', 'none');
CREATE TYPE price_unit AS ENUM (
    'yuan-per-m2-month', 'yuan-per-m2-day', 'yuan-per-month', 'yuan-per-year',
    'wan-yuan-total', 'yuan-per-mu-year', 'negotiable');
CREATE TYPE media_kind AS ENUM ('photo', 'floor-plan', 'video', 'certificate');

CREATE SEQUENCE listing_ref_seq;

CREATE TABLE listings (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ref               text NOT NULL UNIQUE CHECK (ref ~ '^[A-Z]{2}-[0-9]{4}-[0-9]{6,}$'),
    kind              listing_kind NOT NULL,
    deal              deal_type NOT NULL,
    status            listing_status NOT NULL DEFAULT 'draft',
    title             text NOT NULL CHECK (char_length(btrim(title)) BETWEEN 2 AND 120),
    description       text NOT NULL DEFAULT '' CHECK (char_length(description) <= 5000),
    district_id       smallint NOT NULL REFERENCES districts (id),
    town              text CHECK (char_length(town) BETWEEN 1 AND 40),
    park_id           integer REFERENCES parks (id),
    address           text NOT NULL DEFAULT '' CHECK (char_length(address) <= 200),
    latitude          double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude         double precision CHECK (longitude BETWEEN -180 AND 180),
    features          text[] NOT NULL DEFAULT '{}' CHECK (cardinality(features) <= 30),
    contact_name      text CHECK (char_length(contact_name) BETWEEN 1 AND 40),
    contact_phone     text NOT NULL DEFAULT '400 0123 021' CHECK (contact_phone ~ '^[0-9 +()-]{5,20}$'),
    owner_type        owner_type,
    available_from    date,

    -- buildings (factory, warehouse, office)
    building_area_m2  numeric(12, 2) CHECK (building_area_m2 > 0 AND building_area_m2 <= 10000000),
    storeys           smallint CHECK (storeys BETWEEN 1 AND 200),
    floor             smallint CHECK (floor BETWEEN -5 AND 200),
    standalone        boolean,
    single_storey     boolean,
    clear_height_m    numeric(5, 2) CHECK (clear_height_m > 0 AND clear_height_m <= 100),
    floor_load_t_m2   numeric(6, 2) CHECK (floor_load_t_m2 > 0 AND floor_load_t_m2 <= 100),
    crane_count       smallint CHECK (crane_count BETWEEN 1 AND 50),
    crane_max_tons    numeric(6, 1) CHECK (crane_max_tons > 0 AND crane_max_tons <= 1000),
    power_kva         integer CHECK (power_kva > 0 AND power_kva <= 1000000),
    fire_rating       fire_rating,
    divisible_min_m2  numeric(12, 2) CHECK (divisible_min_m2 > 0),

    -- land and farmland
    land_area_m2      numeric(14, 2) CHECK (land_area_m2 > 0 AND land_area_m2 <= 1000000000),
    land_nature       land_nature,
    planned_use       text CHECK (char_length(planned_use) BETWEEN 1 AND 100),
    tenure_years      smallint CHECK (tenure_years BETWEEN 1 AND 99),
    title_status      title_status,
    plot_ratio        numeric(4, 2) CHECK (plot_ratio > 0 AND plot_ratio <= 20),
    water_source      text CHECK (char_length(water_source) BETWEEN 1 AND 100),
    allowed_uses      text[] CHECK (cardinality(allowed_uses) BETWEEN 1 AND 10),

    -- price exactly as listed; 万元 amounts in wan-yuan-total, every other unit in 元
    price_amount      numeric(14, 2) CHECK (price_amount > 0),
    price_unit        price_unit NOT NULL,

    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    status_changed_at timestamptz NOT NULL DEFAULT now(),
    version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),

    -- comparable figures for sorting and filtering (a month is 30 days, 1 亩 = 666.67 m²):
    -- rent as 元 per m² per month, sale/transfer as total 元
    price_monthly_per_m2 numeric(16, 4) GENERATED ALWAYS AS (
        CASE price_unit
            WHEN 'yuan-per-m2-month' THEN price_amount
            WHEN 'yuan-per-m2-day'   THEN price_amount * 30
            WHEN 'yuan-per-month'    THEN price_amount / coalesce(building_area_m2, land_area_m2)
            WHEN 'yuan-per-year'     THEN price_amount / 12 / coalesce(building_area_m2, land_area_m2)
            WHEN 'yuan-per-mu-year'  THEN price_amount / 666.67 / 12
        END) STORED,
    price_total_yuan numeric(18, 2) GENERATED ALWAYS AS (
        CASE price_unit WHEN 'wan-yuan-total' THEN price_amount * 10000 END) STORED,

    CONSTRAINT listing_coordinates_pair CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CONSTRAINT listing_price_amount CHECK ((price_unit = 'negotiable') = (price_amount IS NULL)),
    CONSTRAINT listing_price_unit_for_deal CHECK (
        CASE deal
            WHEN 'sale' THEN price_unit IN ('wan-yuan-total', 'negotiable')
            WHEN 'rent' THEN price_unit <> 'wan-yuan-total'
            ELSE true
        END),
    CONSTRAINT listing_building_area_required CHECK (
        (kind IN ('factory', 'warehouse', 'office')) = (building_area_m2 IS NOT NULL)),
    CONSTRAINT listing_building_fields CHECK (
        kind IN ('factory', 'warehouse', 'office')
        OR num_nonnulls(storeys, floor, standalone, single_storey, clear_height_m, floor_load_t_m2,
                        power_kva, fire_rating, divisible_min_m2) = 0),
    CONSTRAINT listing_crane_fields CHECK (
        kind IN ('factory', 'warehouse') OR num_nonnulls(crane_count, crane_max_tons) = 0),
    CONSTRAINT listing_crane_pair CHECK ((crane_count IS NULL) = (crane_max_tons IS NULL)),
    CONSTRAINT listing_floor_within_storeys CHECK (floor IS NULL OR storeys IS NULL OR floor <= storeys),
    CONSTRAINT listing_divisible_within_area CHECK (divisible_min_m2 IS NULL OR divisible_min_m2 <= building_area_m2),
    CONSTRAINT listing_land_area_required CHECK (
        kind IN ('factory', 'warehouse', 'office') OR land_area_m2 IS NOT NULL),
    CONSTRAINT listing_land_fields CHECK (
        kind NOT IN ('factory', 'warehouse', 'office')
        OR num_nonnulls(land_nature, planned_use, tenure_years, title_status, plot_ratio) = 0),
    CONSTRAINT listing_farmland_fields CHECK (
        kind = 'farmland' OR num_nonnulls(water_source, allowed_uses) = 0),
    CONSTRAINT listing_per_mu_for_land CHECK (
        price_unit <> 'yuan-per-mu-year' OR kind NOT IN ('factory', 'warehouse', 'office')),
    CONSTRAINT listing_leased_only_rent CHECK (status <> 'leased' OR deal = 'rent'),
    CONSTRAINT listing_sold_not_rent CHECK (status <> 'sold' OR deal <> 'rent')
);

CREATE INDEX listings_status_updated ON listings (status, updated_at DESC, id DESC);
CREATE INDEX listings_district_created ON listings (district_id, created_at DESC, id DESC);
CREATE INDEX listings_park ON listings (park_id) WHERE park_id IS NOT NULL;
CREATE INDEX listings_features ON listings USING gin (features);

-- The legal status changes; a trigger refuses any other.
CREATE TABLE listing_status_transitions (
    from_status listing_status NOT NULL,
    to_status   listing_status NOT NULL,
    PRIMARY KEY (from_status, to_status)
);
INSERT INTO listing_status_transitions (from_status, to_status) VALUES
    ('draft', 'active'), ('draft', 'withdrawn'),
    ('active', 'pending'), ('active', 'leased'), ('active', 'sold'), ('active', 'withdrawn'), ('active', 'expired'),
    ('pending', 'active'), ('pending', 'leased'), ('pending', 'sold'), ('pending', 'withdrawn'), ('pending', 'expired'),
    ('leased', 'active'), ('withdrawn', 'draft'), ('withdrawn', 'active'), ('expired', 'active'), ('expired', 'withdrawn');

CREATE FUNCTION listings_check_transition() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status AND NOT EXISTS (
        SELECT 1 FROM listing_status_transitions WHERE from_status = OLD.status AND to_status = NEW.status)
    THEN
        RAISE EXCEPTION 'illegal status change % -> %', OLD.status, NEW.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'listing_status_transition';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER listings_status_transition BEFORE UPDATE OF status ON listings
    FOR EACH ROW EXECUTE FUNCTION listings_check_transition();

-- Public reference codes such as XT-2026-000123: city code, year, a running number.
CREATE FUNCTION listings_assign_ref() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ref IS NULL THEN
        SELECT d.city_code || '-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-'
               || lpad(nextval('listing_ref_seq')::text, 6, '0')
          INTO NEW.ref
          FROM districts d WHERE d.id = NEW.district_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER listings_ref BEFORE INSERT ON listings
    FOR EACH ROW EXECUTE FUNCTION listings_assign_ref();

CREATE TABLE listing_media (
    listing_id bigint NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    position   smallint NOT NULL CHECK (position BETWEEN 0 AND 99),
    kind       media_kind NOT NULL,
    url        text NOT NULL CHECK (url ~ '^https?://[^\s]+$' AND char_length(url) <= 2000),
    caption    text NOT NULL DEFAULT '' CHECK (char_length(caption) <= 200),
    PRIMARY KEY (listing_id, position)
);

CREATE TABLE listing_status_history (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    listing_id  bigint NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    from_status listing_status,
    to_status   listing_status NOT NULL,
    changed_by  text NOT NULL CHECK (char_length(changed_by) BETWEEN 1 AND 80),
    note        text NOT NULL DEFAULT '' CHECK (char_length(note) <= 1000),
    changed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX listing_status_history_listing ON listing_status_history (listing_id, changed_at);
