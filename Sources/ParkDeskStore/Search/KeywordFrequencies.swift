import Foundation
import Logging
import PostgresNIO
import Synchronization

/// How common a search term is among listings — the share of rows holding its rarest character pair — read
/// from the statistics ANALYZE keeps for the gram index (its most common elements). A pair that is not among
/// them is rare (0). Each term is asked once and kept for ten minutes (the query costs ~2 ms; a search ~1 ms).
final class KeywordFrequencies: Sendable {
    private struct Entry { var frequency: Double; var at: ContinuousClock.Instant }
    private let cache = Mutex<[String: Entry]>([:])
    static let lifetime = Duration.seconds(600)
    static let capacity = 10_000

    func frequency(of gramText: String, client: PostgresClient, logger: Logger) async throws -> Double {
        let now = ContinuousClock.now
        if let entry = cache.withLock({ $0[gramText] }), now - entry.at < Self.lifetime { return entry.frequency }
        let rows = try await client.run(
            """
            SELECT coalesce(min(coalesce(s.frequency, 0)), 0)::float8
            FROM unnest(query_grams(\(gramText))) AS q(gram)
            LEFT JOIN (SELECT e.gram, e.frequency FROM pg_stats st,
                              unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(gram,
                                  frequency)
                       WHERE st.schemaname = current_schema() AND st.tablename = 'listings_search_grams') s
                   ON s.gram = q.gram
            """, logger: logger)
        var frequency = 0.0
        for try await value in rows.decode(Double.self) { frequency = value }
        cache.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[gramText] = Entry(frequency: frequency, at: now)
        }
        return frequency
    }
}
