-- Notifications (issue 16): channels (WeCom, DingTalk and Feishu group robots, signed JSON webhooks) and a
-- durable outbox. Outbox rows are written by triggers on the event rows themselves — a lead's history entry,
-- a listing's status history entry, a change of an active listing's price or area — so they commit or roll
-- back with the event: neither can exist without the other. Outbox rows never hold personal data: the message
-- is rendered from the live rows when it is sent, so erasing a lead erases what pending rows would say.

CREATE TYPE notify_channel_kind AS ENUM ('wecom', 'dingtalk', 'feishu', 'webhook');
CREATE TYPE notify_event AS ENUM (
    'lead.captured', 'lead.inquiry', 'lead.assigned', 'listing.published', 'listing.repriced', 'listing.matched',
    'digest.daily', 'test');
CREATE TYPE outbox_state AS ENUM ('pending', 'delivered', 'dead');

CREATE TABLE notify_channels (
    id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL UNIQUE CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,59}$'),
    kind            notify_channel_kind NOT NULL,
    -- the robot's URL carries its credential: shown masked, never logged
    url             text NOT NULL CHECK (url ~ '^https?://[^\s/]+' AND char_length(url) <= 2000),
    secret          text CHECK (char_length(secret) BETWEEN 1 AND 200),
    -- a word every message carries (DingTalk and Feishu robots may refuse messages without it)
    keyword         text CHECK (char_length(keyword) BETWEEN 1 AND 40),
    -- the events this channel hears; empty: all of them
    events          notify_event[] NOT NULL DEFAULT '{}',
    -- an agent's own channel hears only about the leads assigned to that agent
    agent_id        integer REFERENCES api_tokens (id) ON DELETE CASCADE,
    full_mobile     boolean NOT NULL DEFAULT false,
    -- messages a minute the platform accepts (WeCom and DingTalk: 20); NULL: no limit. Rows beyond it wait and
    -- are then sent together as one message.
    per_minute      integer CHECK (per_minute BETWEEN 1 AND 10000),
    window_start    timestamptz NOT NULL DEFAULT 'epoch',
    window_sent     integer NOT NULL DEFAULT 0,
    enabled         boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'webhook' OR secret IS NOT NULL)
);

CREATE TABLE notify_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- one per event, the same on every channel: the receiver's dedupe id
    event_id        uuid NOT NULL,
    event           notify_event NOT NULL,
    -- NULL: a matching job, which the worker turns into `listing.matched` rows for the channels concerned
    channel_id      integer REFERENCES notify_channels (id) ON DELETE CASCADE,
    lead_id         bigint REFERENCES leads (id) ON DELETE CASCADE,
    listing_id      bigint REFERENCES listings (id) ON DELETE CASCADE,
    -- refs, figures and reasons only; never names, numbers or free text of a person
    detail          jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
    state           outbox_state NOT NULL DEFAULT 'pending',
    attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- when a pending row may be claimed; a claim moves it past the delivery's time limit (the lease)
    due_at          timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz,
    finished_at     timestamptz,
    last_error      text CHECK (char_length(last_error) <= 500),
    CHECK ((state = 'pending') = (finished_at IS NULL))
);
-- few indexes: every capture writes a row per channel
CREATE INDEX notify_outbox_due ON notify_outbox (due_at) WHERE state = 'pending';
CREATE INDEX notify_outbox_lead ON notify_outbox (lead_id) WHERE lead_id IS NOT NULL;
CREATE INDEX notify_outbox_listing ON notify_outbox (listing_id) WHERE listing_id IS NOT NULL;

-- A lead is told about a listing once.
CREATE TABLE lead_listing_alerts (
    lead_id    bigint NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
    listing_id bigint NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    score      smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    alerted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (lead_id, listing_id)
);

-- One daily digest a day (Asia/Shanghai), whichever instance gets there first.
CREATE TABLE notify_digests (
    day        date PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Whether anything listens at all; `SET LOCAL parkdesk.notify = 'off'` silences bulk loads such as seeding.
CREATE FUNCTION notify_wanted(what notify_event) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT current_setting('parkdesk.notify', true) IS DISTINCT FROM 'off'
       AND EXISTS (SELECT 1 FROM notify_channels c
                   WHERE c.enabled AND (cardinality(c.events) = 0 OR what = ANY (c.events)))
$$;

-- Nothing to do: notifications silenced for this transaction, or no channel at all (the triggers' first check).
CREATE FUNCTION notify_silent() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT current_setting('parkdesk.notify', true) = 'off' OR NOT EXISTS (SELECT 1 FROM notify_channels WHERE enabled)
$$;

-- Lead events from the lead's own history: created → lead.captured, inquiry → lead.inquiry, assign (to an
-- agent) → lead.assigned. Office channels hear every lead; an agent's channel only the agent's leads. A row
-- trigger with a WHEN clause: other history entries cost nothing, and a capture pays for one small INSERT.
CREATE FUNCTION notify_lead_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    what notify_event := (CASE NEW.event WHEN 'created' THEN 'lead.captured' WHEN 'inquiry' THEN 'lead.inquiry'
                          ELSE 'lead.assigned' END)::notify_event;
    assignee integer;
    event_id uuid := gen_random_uuid();  -- one event, one id on every channel
BEGIN
    IF current_setting('parkdesk.notify', true) = 'off' THEN RETURN NULL; END IF;
    SELECT l.assignee_id INTO assignee FROM leads l WHERE l.id = NEW.lead_id;
    IF what = 'lead.assigned' AND assignee IS NULL THEN RETURN NULL; END IF;  -- unassigning is no news
    INSERT INTO notify_outbox (event_id, event, channel_id, lead_id, detail)
    SELECT event_id, what, c.id, NEW.lead_id,
           CASE WHEN what = 'lead.assigned'
                THEN jsonb_build_object('history', NEW.id,
                                        'assignee', (SELECT t.name FROM api_tokens t WHERE t.id = assignee))
                ELSE jsonb_build_object('history', NEW.id) END
    FROM notify_channels c
    WHERE c.enabled AND (cardinality(c.events) = 0 OR what = ANY (c.events))
      AND (c.agent_id IS NULL OR c.agent_id = assignee);
    RETURN NULL;
END $$;
CREATE TRIGGER lead_history_notify AFTER INSERT ON lead_history FOR EACH ROW
    WHEN (NEW.event IN ('created', 'inquiry', 'assign')) EXECUTE FUNCTION notify_lead_event();

-- Listing events for the office's channels, and a matching job per listing. More than ten listings published
-- by one statement (an import) make one message that counts them.
CREATE FUNCTION notify_listing_events(what notify_event, listing_ids bigint[], details jsonb[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    bulk_id uuid := gen_random_uuid();
BEGIN
    IF cardinality(listing_ids) = 0 THEN RETURN; END IF;
    IF notify_wanted(what) THEN
        IF cardinality(listing_ids) <= 10 THEN
            WITH happened AS MATERIALIZED (
                SELECT gen_random_uuid() AS event_id, u.id, u.detail
                FROM unnest(listing_ids, details) AS u(id, detail)
            )
            INSERT INTO notify_outbox (event_id, event, channel_id, listing_id, detail)
            SELECT e.event_id, what, c.id, e.id, e.detail
            FROM happened e JOIN notify_channels c
              ON c.enabled AND c.agent_id IS NULL AND (cardinality(c.events) = 0 OR what = ANY (c.events));
        ELSE
            INSERT INTO notify_outbox (event_id, event, channel_id, detail)
            SELECT bulk_id, what, c.id,
                   jsonb_build_object('count', cardinality(listing_ids),
                                      'refs', (SELECT jsonb_agg(ref ORDER BY id) FROM (
                                                  SELECT l.id, l.ref FROM listings l WHERE l.id = ANY (listing_ids)
                                                  ORDER BY l.id LIMIT 20) AS first)) AS detail
            FROM notify_channels c
            WHERE c.enabled AND c.agent_id IS NULL AND (cardinality(c.events) = 0 OR what = ANY (c.events));
        END IF;
    END IF;
    IF notify_wanted('listing.matched') THEN
        INSERT INTO notify_outbox (event_id, event, listing_id)
        SELECT gen_random_uuid(), 'listing.matched', u.id FROM unnest(listing_ids) AS u(id);
    END IF;
END $$;

CREATE FUNCTION notify_listing_published() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF notify_silent() THEN RETURN NULL; END IF;
    PERFORM notify_listing_events('listing.published', coalesce(array_agg(id), '{}'),
                                  coalesce(array_agg('{}'::jsonb), '{}'))
    FROM (SELECT DISTINCT a.listing_id AS id FROM added a
          WHERE a.to_status = 'active' AND a.from_status IS DISTINCT FROM 'active') AS published;
    RETURN NULL;
END $$;
CREATE TRIGGER listing_status_history_notify AFTER INSERT ON listing_status_history
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION notify_listing_published();

-- An active listing whose price changed is re-priced (the old price goes along); one whose price or area
-- changed is matched again.
CREATE FUNCTION notify_listing_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    repriced bigint[];
    old_prices jsonb[];
    changed bigint[];
BEGIN
    IF notify_silent() THEN RETURN NULL; END IF;
    SELECT coalesce(array_agg(n.id) FILTER (WHERE priced), '{}'),
           coalesce(array_agg(jsonb_build_object('oldAmount', o.price_amount::text, 'oldUnit', o.price_unit::text))
                        FILTER (WHERE priced), '{}'),
           coalesce(array_agg(n.id) FILTER (WHERE NOT priced), '{}')
    INTO repriced, old_prices, changed
    FROM old_rows o JOIN new_rows n ON n.id = o.id,
         LATERAL (SELECT (n.price_amount, n.price_unit) IS DISTINCT FROM (o.price_amount, o.price_unit) AS priced) p
    WHERE n.status = 'active' AND o.status = 'active'
      AND ((n.price_amount, n.price_unit, n.building_area_m2, n.land_area_m2)
           IS DISTINCT FROM (o.price_amount, o.price_unit, o.building_area_m2, o.land_area_m2));
    PERFORM notify_listing_events('listing.repriced', repriced, old_prices);
    -- an area change alone is news to the leads it may now fit, not to the office
    IF cardinality(changed) > 0 AND notify_wanted('listing.matched') THEN
        INSERT INTO notify_outbox (event_id, event, listing_id)
        SELECT gen_random_uuid(), 'listing.matched', u.id FROM unnest(changed) AS u(id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER listings_notify AFTER UPDATE ON listings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION notify_listing_changes();

-- What a message says about its lead and listing, read when it is sent (so an erased lead says nothing);
-- `history` names the history entry of an inquiry, whose words the message quotes.
-- Numbers are text, exactly as stored.
CREATE FUNCTION notify_subject(lead bigint, listing bigint, history bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_strip_nulls(jsonb_build_object(
        'lead', (SELECT jsonb_build_object(
                    'ref', l.ref, 'status', l.status, 'source', l.source, 'kinds', l.wanted_kinds, 'deal', l.deal,
                    'minArea', l.min_area_m2::text, 'maxArea', l.max_area_m2::text,
                    'budget', l.budget_amount::text, 'budgetUnit', l.budget_unit,
                    'districts', (SELECT jsonb_agg(d.name ORDER BY d.name) FROM districts d
                                  WHERE d.id = ANY (l.district_ids)),
                    'parks', (SELECT jsonb_agg(p.name ORDER BY p.name) FROM parks p WHERE p.id = ANY (l.park_ids)),
                    'minCraneTons', l.min_crane_tons::text, 'moveIn', l.move_in::text,
                    'intendedUse', l.intended_use, 'expectedTax', l.expected_tax_wan::text,
                    'investment', l.investment_wan::text, 'company', l.company, 'contactName', l.contact_name,
                    'mobile', l.mobile, 'needText', l.need_text, 'inquiries', l.inquiry_count,
                    'listingRef', (SELECT li.ref FROM listings li WHERE li.id = l.listing_id),
                    'assignee', (SELECT t.name FROM api_tokens t WHERE t.id = l.assignee_id),
                    'erased', l.erased_at IS NOT NULL,
                    'inquiry', (SELECT jsonb_build_object(
                                    'source', i.source, 'message', i.message,
                                    'listingRef', (SELECT li.ref FROM listings li WHERE li.id = i.listing_id))
                                FROM lead_history h JOIN lead_inquiries i
                                  ON i.lead_id = h.lead_id AND i.received_at <= h.at
                                WHERE h.id = history
                                ORDER BY i.received_at DESC, i.id DESC LIMIT 1))
                 FROM leads l WHERE l.id = lead),
        'listing', (SELECT jsonb_build_object(
                       'ref', l.ref, 'title', l.title, 'kind', l.kind, 'deal', l.deal, 'status', l.status,
                       'district', d.name, 'park', p.name,
                       'area', coalesce(l.building_area_m2, l.land_area_m2)::text,
                       'priceAmount', l.price_amount::text, 'priceUnit', l.price_unit,
                       'craneTons', l.crane_max_tons::text)
                    FROM listings l JOIN districts d ON d.id = l.district_id LEFT JOIN parks p ON p.id = l.park_id
                    WHERE l.id = listing)))
$$;
