-- Hardening round 3 (issue 29).
-- 1. A public inquiry about a listing that is no longer public (let, sold, withdrawn, expired, a draft) or that
--    does not exist is taken like any other: the inquiry keeps the ref the person asked about, and the lead page
--    says that it was not available. The listing itself is linked when it exists.
ALTER TABLE lead_inquiries
    ADD COLUMN unavailable_listing_ref text CHECK (char_length(unavailable_listing_ref) BETWEEN 1 AND 40);

-- 2. A lead's contact fields are one person's: an inquiry attached by credit code from another person of the same
--    company fills in company facts (company, credit code, use) but not that person's e-mail, landline or WeChat,
--    which stay with their inquiry (其他联系人).
CREATE OR REPLACE FUNCTION capture_lead(lead jsonb, inquiry jsonb, window_days integer)
RETURNS TABLE (captured_id bigint, captured_ref text, captured_at timestamptz, captured_attached boolean)
LANGUAGE plpgsql AS $$
DECLARE
    wanted leads := jsonb_populate_record(NULL::leads, lead);
    asked lead_inquiries := jsonb_populate_record(NULL::lead_inquiries, inquiry);
    existing bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('lead-mobile:' || coalesce(wanted.mobile, ''), 0));
    IF wanted.credit_code IS NOT NULL THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('lead-credit:' || wanted.credit_code, 0));
    END IF;
    SELECT l.id INTO existing FROM leads l
    WHERE l.merged_into IS NULL AND l.erased_at IS NULL AND l.status NOT IN ('landed', 'lost', 'junk')
      AND l.last_inquiry_at > now() - make_interval(days => window_days)
      AND (l.mobile = wanted.mobile OR (wanted.credit_code IS NOT NULL AND l.credit_code = wanted.credit_code))
    ORDER BY l.last_inquiry_at DESC LIMIT 1;

    IF existing IS NULL THEN
        INSERT INTO leads (wanted_kinds, deal, min_area_m2, max_area_m2, budget_amount, budget_unit, district_ids,
                           park_ids, min_crane_tons, move_in, need_text, intended_use, expected_tax_wan,
                           investment_wan, company, credit_code, contact_name, mobile, landline, wechat, email, message,
                           listing_id, source, campaign, consent_version, consent_at, created_by)
        VALUES (coalesce(wanted.wanted_kinds, '{}'), wanted.deal, wanted.min_area_m2, wanted.max_area_m2,
                wanted.budget_amount, wanted.budget_unit, coalesce(wanted.district_ids, '{}'),
                coalesce(wanted.park_ids, '{}'), wanted.min_crane_tons, wanted.move_in, wanted.need_text,
                wanted.intended_use, wanted.expected_tax_wan, wanted.investment_wan, wanted.company,
                wanted.credit_code, wanted.contact_name, wanted.mobile, wanted.landline, wanted.wechat, wanted.email,
                wanted.message, wanted.listing_id, wanted.source, wanted.campaign, wanted.consent_version,
                CASE WHEN wanted.consent_version IS NOT NULL THEN now() END, wanted.created_by)
        RETURNING id, ref, created_at INTO captured_id, captured_ref, captured_at;
    ELSE
        -- a later contact: what the lead did not know yet is filled in; a person's own ways of being reached only
        -- when it is the lead's own person (the same mobile)
        UPDATE leads l SET last_inquiry_at = now(), updated_at = now(), inquiry_count = l.inquiry_count + 1,
               company = coalesce(l.company, wanted.company), credit_code = coalesce(l.credit_code, wanted.credit_code),
               landline = CASE WHEN l.mobile = wanted.mobile THEN coalesce(l.landline, wanted.landline)
                               ELSE l.landline END,
               wechat = CASE WHEN l.mobile = wanted.mobile THEN coalesce(l.wechat, wanted.wechat) ELSE l.wechat END,
               email = CASE WHEN l.mobile = wanted.mobile THEN coalesce(l.email, wanted.email) ELSE l.email END,
               intended_use = coalesce(l.intended_use, wanted.intended_use),
               listing_id = coalesce(l.listing_id, wanted.listing_id)
        WHERE l.id = existing
        RETURNING l.id, l.ref, l.last_inquiry_at INTO captured_id, captured_ref, captured_at;
    END IF;
    captured_attached := existing IS NOT NULL;

    INSERT INTO lead_inquiries (lead_id, receipt, source, campaign, listing_id, message, client_ip, entered_by,
                                contact_name, mobile, landline, wechat, email, company, need_text, intended_use,
                                unavailable_listing_ref)
    VALUES (captured_id, asked.receipt, asked.source, asked.campaign, asked.listing_id, asked.message, asked.client_ip,
            asked.entered_by, wanted.contact_name, wanted.mobile, wanted.landline, wanted.wechat, wanted.email,
            wanted.company, wanted.need_text, wanted.intended_use, asked.unavailable_listing_ref);
    INSERT INTO lead_history (lead_id, actor, event, to_status, detail)
    VALUES (captured_id, asked.entered_by, CASE WHEN captured_attached THEN 'inquiry' ELSE 'created' END,
            CASE WHEN captured_attached THEN NULL ELSE 'new'::lead_status END, asked.source::text);
    RETURN NEXT;
END $$;

-- 3. Secrets every instance shares, made once by the database: `form` signs the website form's key together
--    with the time the form was shown, so that the bot check's time cannot be moved back or left out. 32 bytes
--    from two v4 UUIDs (gen_random_uuid draws from the server's strong random source).
CREATE TABLE site_secrets (
    name   text PRIMARY KEY CHECK (name ~ '^[a-z][a-z0-9_-]{0,40}$'),
    secret bytea NOT NULL CHECK (octet_length(secret) >= 16)
);
INSERT INTO site_secrets (name, secret)
VALUES ('form', decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'));
