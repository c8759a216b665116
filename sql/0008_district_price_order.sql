-- "In this district, cheapest (or dearest) first": read one district's public listings in price order from an
-- index. With only the price indexes of 0003, a district holding 5 % of listings meant reading ~20 rows in
-- price order for each one of the district (measured at 1,000,000 listings: 38,653 rows for a 2,000-row
-- keyword window). Searches name a single district with `district_id = …` for these to apply.
CREATE INDEX listings_public_district_price_asc
    ON listings (district_id, (coalesce(price_monthly_per_m2, price_total_yuan, 'Infinity'::numeric)), id)
    WHERE status IN ('active', 'pending');
CREATE INDEX listings_public_district_price_desc
    ON listings (district_id, (coalesce(price_monthly_per_m2, price_total_yuan, '-Infinity'::numeric)) DESC, id DESC)
    WHERE status IN ('active', 'pending');
