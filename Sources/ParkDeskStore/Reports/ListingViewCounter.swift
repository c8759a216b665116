public import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO
import Synchronization

/// Listing views counted in memory and added to `listing_views` in batches: a view costs a lock and a dictionary
/// entry, never a write. `flush()` (every `interval` by `serve`, and at shutdown) adds the counts in one statement,
/// in key order so that several instances flushing at once lock their shared rows in the same order; a flush that
/// fails keeps its counts for the next. A crash loses at most the counts since the last flush. Nothing about the
/// viewer is kept: a ref, a day and a number.
public final class ListingViewCounter: Sendable {
    /// Where a listing was read: its public page, or the API's detail.
    public enum Door: Sendable {
        case page, api
    }

    struct Key: Hashable {
        let ref: String
        let day: Int64
    }

    struct Tally {
        var page = 0
        var api = 0
    }

    let client: PostgresClient
    let logger: Logger
    /// How many ref × day entries are kept while the database is away; views beyond are dropped (and counted).
    let capacity: Int
    private let pending = Mutex<[Key: Tally]>([:])
    private let dropped = Atomic<Int>(0)

    /// How often `serve` writes the counts.
    public static let interval = Duration.seconds(10)

    public init(database: Database, capacity: Int = 200_000) {
        (client, logger, self.capacity) = (database.client, database.logger, capacity)
    }

    /// Counts one view of the listing `ref` (as the URL wrote it; case does not matter) unless a crawler asked.
    public func record(ref: String, door: Door, userAgent: String?, at date: Date = Date()) {
        guard !Crawlers.isCrawler(userAgent: userAgent) else { return }
        let key = Key(ref: ref.uppercased(), day: ReportPeriod.day(of: date))
        let kept = pending.withLock { counts -> Bool in
            guard counts[key] != nil || counts.count < capacity else { return false }
            switch door {
            case .page: counts[key, default: Tally()].page += 1
            case .api: counts[key, default: Tally()].api += 1
            }
            return true
        }
        if !kept { dropped.add(1, ordering: .relaxed) }
    }

    /// Views not yet written, and views dropped because too many were waiting.
    public var waiting: Int { pending.withLock { $0.values.reduce(0) { $0 + $1.page + $1.api } } }
    public var droppedViews: Int { dropped.load(ordering: .relaxed) }

    /// Writes what was counted; returns the number of views written. On failure the counts are kept to try again.
    @discardableResult
    public func flush() async throws -> Int {
        let batch = pending.withLock { counts in
            defer { counts = [:] }
            return counts
        }
        guard !batch.isEmpty else { return 0 }
        let rows = batch.sorted { ($0.key.ref, $0.key.day) < ($1.key.ref, $1.key.day) }
        do {
            try await client.run(
                """
                INSERT INTO listing_views AS v (listing_id, day, page_views, api_views)
                SELECT l.id, u.day, u.page, u.api
                FROM unnest(\(rows.map(\.key.ref))::text[], \(rows.map { CivilDate.text(day: $0.key.day) })::date[],
                            \(rows.map { $0.value.page })::bigint[], \(rows.map { $0.value.api })::bigint[])
                     AS u(ref, day, page, api)
                JOIN listings l ON l.ref = u.ref
                ORDER BY l.id, u.day
                ON CONFLICT (listing_id, day) DO UPDATE
                    SET page_views = v.page_views + excluded.page_views, api_views = v.api_views + excluded.api_views
                """, logger: logger)
        } catch {
            pending.withLock { counts in
                for (key, tally) in batch where counts[key] != nil || counts.count < capacity {
                    counts[key, default: Tally()].page += tally.page
                    counts[key, default: Tally()].api += tally.api
                }
            }
            throw error
        }
        return rows.reduce(0) { $0 + $1.value.page + $1.value.api }
    }

    /// `flush()`, logging a failure (the counts stay for the next try).
    public func flushOrKeep() async {
        do {
            try await flush()
        } catch {
            logger.warning(
                "Listing views not written yet; kept for the next try",
                metadata: ["waiting": "\(waiting)", "error": "\(DatabaseFault.loggable(error))"])
        }
    }
}
