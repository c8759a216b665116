-- Listing references kept only six digits of their running number (lpad cuts longer text), so the
-- millionth listing would have repeated the first one's reference. Now every digit is kept.
CREATE OR REPLACE FUNCTION listings_assign_ref() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.ref IS NULL THEN
        SELECT d.city_code || '-' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-'
               || reference_number(nextval('listing_ref_seq'))
          INTO NEW.ref
          FROM districts d WHERE d.id = NEW.district_id;
    END IF;
    RETURN NEW;
END
$$;
