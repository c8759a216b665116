import Foundation
import Logging
import PostgresNIO

/// How common a search term is among listings — the share of rows holding its rarest character pair — read
/// from the statistics ANALYZE keeps for the gram index (its most common elements), with the table's row count
/// as ANALYZE left it. A pair that is not among them is rare (0). Each term is asked once and kept for ten
/// minutes in `StoreCaches` (the query costs ~2 ms; a search ~1 ms).
enum KeywordFrequencies {
    /// What the statistics say of a term.
    struct Reading: Sendable {
        /// The share of listings holding the term's rarest character pair (0 when rare).
        var frequency: Double
        /// How many listings the table had at the last ANALYZE.
        var tableRows: Double
        /// The share of listings in each district, by id, as ANALYZE sampled them (absent: none or too few).
        var districtShares: [Int: Double] = [:]

        /// How many listings the filter on `districtIDs` leaves (all of them when there is none).
        func rows(inDistricts districtIDs: [Int]) -> Double {
            guard !districtIDs.isEmpty else { return tableRows }
            return tableRows * min(1, districtIDs.reduce(0) { $0 + (districtShares[$1] ?? 0) })
        }
    }
    static func reading(of gramText: String, client: PostgresClient, logger: Logger) async throws -> Reading {
        let rows = try await client.read(
            """
            SELECT coalesce(min(coalesce(s.frequency, 0)), 0)::float8,
                   (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'listings'::regclass),
                   (SELECT most_common_vals::text FROM pg_stats
                    WHERE schemaname = current_schema() AND tablename = 'listings' AND attname = 'district_id'),
                   (SELECT most_common_freqs FROM pg_stats
                    WHERE schemaname = current_schema() AND tablename = 'listings' AND attname = 'district_id')
            FROM unnest(query_grams(\(gramText))) AS q(gram)
            LEFT JOIN (SELECT e.gram, e.frequency FROM pg_stats st,
                              unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(gram,
                                  frequency)
                       WHERE st.schemaname = current_schema() AND st.tablename = 'listings_search_grams') s
                   ON s.gram = q.gram
            """, logger: logger)
        var reading = Reading(frequency: 0, tableRows: 0)
        for try await (frequency, tableRows, districts, shares) in rows.decode(
            (Double, Double, String?, [Float]?).self)
        {
            let ids = (districts ?? "").trimmingCharacters(in: ["{", "}"]).split(separator: ",").compactMap { Int($0) }
            reading = Reading(
                frequency: frequency, tableRows: tableRows,
                districtShares: Dictionary(zip(ids, (shares ?? []).map(Double.init))) { first, _ in first })
        }
        return reading
    }
}
