-- Every contact person and number that reaches a lead is kept (issue: a second person of the same company
-- posting with the same credit code became an inquiry of the first lead, and their name and mobile were stored
-- nowhere). Each inquiry now records who sent it and what they wrote, with the same rules as the lead's own
-- columns; `lead erase` clears them like the lead's.
ALTER TABLE lead_inquiries
    ADD COLUMN contact_name text CHECK (char_length(contact_name) BETWEEN 1 AND 60),
    ADD COLUMN mobile       text CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
    ADD COLUMN landline     text CHECK (landline ~ '^[0-9+() -]{5,30}$'),
    ADD COLUMN wechat       text CHECK (char_length(wechat) BETWEEN 1 AND 60),
    ADD COLUMN email        text CHECK (char_length(email) <= 254 AND email ~ '^[^@\s]+@[^@\s]+$'),
    ADD COLUMN company      text CHECK (char_length(company) BETWEEN 1 AND 200),
    ADD COLUMN need_text    text CHECK (char_length(need_text) <= 2000),
    ADD COLUMN intended_use text CHECK (char_length(intended_use) <= 200);

-- The first inquiry of each lead came from the lead's own person.
UPDATE lead_inquiries i
SET contact_name = l.contact_name, mobile = l.mobile, landline = l.landline, wechat = l.wechat, email = l.email,
    company = l.company, need_text = l.need_text, intended_use = l.intended_use
FROM leads l
WHERE i.lead_id = l.id AND i.id = (SELECT min(f.id) FROM lead_inquiries f WHERE f.lead_id = l.id);

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
    WHERE l.merged_into IS NULL AND l.status NOT IN ('landed', 'lost', 'junk')
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
        -- a later contact from the same person: what the lead did not know yet is filled in
        UPDATE leads l SET last_inquiry_at = now(), updated_at = now(), inquiry_count = l.inquiry_count + 1,
               company = coalesce(l.company, wanted.company), credit_code = coalesce(l.credit_code, wanted.credit_code),
               landline = coalesce(l.landline, wanted.landline), wechat = coalesce(l.wechat, wanted.wechat),
               email = coalesce(l.email, wanted.email), intended_use = coalesce(l.intended_use, wanted.intended_use),
               listing_id = coalesce(l.listing_id, wanted.listing_id)
        WHERE l.id = existing
        RETURNING l.id, l.ref, l.last_inquiry_at INTO captured_id, captured_ref, captured_at;
    END IF;
    captured_attached := existing IS NOT NULL;

    INSERT INTO lead_inquiries (lead_id, receipt, source, campaign, listing_id, message, client_ip, entered_by,
                                contact_name, mobile, landline, wechat, email, company, need_text, intended_use)
    VALUES (captured_id, asked.receipt, asked.source, asked.campaign, asked.listing_id, asked.message, asked.client_ip,
            asked.entered_by, wanted.contact_name, wanted.mobile, wanted.landline, wanted.wechat, wanted.email,
            wanted.company, wanted.need_text, wanted.intended_use);
    INSERT INTO lead_history (lead_id, actor, event, to_status, detail)
    VALUES (captured_id, asked.entered_by, CASE WHEN captured_attached THEN 'inquiry' ELSE 'created' END,
            CASE WHEN captured_attached THEN NULL ELSE 'new'::lead_status END, asked.source::text);
    RETURN NEXT;
END $$;
