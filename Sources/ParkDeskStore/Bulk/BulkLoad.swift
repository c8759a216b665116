import Logging
import NIOCore
import PostgresNIO

/// The tables the seeders fill in bulk, and what each batch adds beside its rows.
public enum BulkTable: Sendable {
    case listings, leads

    var name: StaticString {
        switch self {
        case .listings: "listings"
        case .leads: "leads"
        }
    }

    /// What a batch adds beside its rows, in its transaction: a lead's first inquiry and its history — created,
    /// then each status change on the way to its status, spread evenly from creation to its last update — and a
    /// listing's status history (published when created, then its later status when it changed), so that reports
    /// over seeded data read what they would read over real data.
    var afterBatch: SQL? {
        switch self {
        case .listings:
            """
            WITH batch AS (SELECT id, status, created_at, status_changed_at FROM listings
                           WHERE id > (SELECT coalesce(max(listing_id), 0) FROM listing_status_history)),
            published AS (INSERT INTO listing_status_history
                              (listing_id, from_status, to_status, changed_by, changed_at)
                          SELECT id, NULL, CASE WHEN status = 'draft' THEN 'draft' ELSE 'active' END::listing_status,
                                 'seed', created_at FROM batch)
            INSERT INTO listing_status_history (listing_id, from_status, to_status, changed_by, changed_at)
            SELECT id, 'active', status, 'seed', status_changed_at FROM batch WHERE status NOT IN ('draft', 'active')
            """
        case .leads:
            """
            WITH batch AS (SELECT id, source, message, status, status_reason, created_at, updated_at, created_by
                           FROM leads WHERE id > (SELECT coalesce(max(lead_id), 0) FROM lead_inquiries)),
            inquiries AS (INSERT INTO lead_inquiries (lead_id, receipt, received_at, source, message, entered_by)
                          SELECT id, gen_random_uuid(), created_at, source, message, created_by FROM batch),
            created AS (INSERT INTO lead_history (lead_id, at, actor, event, to_status, detail)
                        SELECT id, created_at, created_by, 'created', 'new', source::text FROM batch),
            paths AS (SELECT b.*, CASE b.status
                          WHEN 'junk' THEN '{new,junk}'
                          WHEN 'lost' THEN '{new,contacted,lost}'
                          ELSE (enum_range('new'::lead_status, b.status))::text[] END::lead_status[] AS path
                      FROM batch b WHERE b.status <> 'new')
            INSERT INTO lead_history (lead_id, at, actor, event, from_status, to_status, detail)
            SELECT p.id, p.created_at + (p.updated_at - p.created_at) * step / (cardinality(p.path) - 1),
                   p.created_by, 'status', p.path[step], p.path[step + 1],
                   CASE WHEN p.path[step + 1] IN ('lost', 'junk') THEN p.status_reason ELSE '' END
            FROM paths p, generate_series(1, cardinality(p.path) - 1) AS step
            """
        }
    }
}

extension Database {
    static let bulkBatchSize = 10_000

    /// Writes `count` rows made by `row(index)` into `table` with COPY, in batches of 10,000, each its own
    /// transaction, reporting the running total to `progress`; then analyses the table.
    public func bulkLoad(
        count: Int, into table: BulkTable, columns: [String], progress: (@Sendable (Int) -> Void)?,
        row: (Int) throws -> [String?]
    ) async throws -> Int {
        var loaded = 0
        let logger = self.logger
        while loaded < count {
            let size = min(Self.bulkBatchSize, count - loaded)
            var buffer = ByteBuffer()
            for index in loaded..<(loaded + size) { CopyText.appendRow(try row(index), to: &buffer) }
            let batch = buffer
            try await client.withTransaction(logger: logger) { tx in
                try await tx.copyFrom(table: table.name.description, columns: columns, logger: logger) { writer in
                    try await writer.write(batch)
                }
                if let afterBatch = table.afterBatch { try await tx.run(afterBatch, logger: logger) }
            }
            loaded += size
            progress?(loaded)
        }
        // Statistics for the new rows now, not when autovacuum gets to them: the planner's choices (and the
        // keyword search's word frequencies) hold right after seeding.
        if loaded > 0 { try await client.run("ANALYZE \(raw: table.name)", logger: logger) }
        return loaded
    }

    /// How many rows `table` has.
    public func count(of table: BulkTable) async throws -> Int {
        let rows = try await client.run("SELECT count(*)::int FROM \(raw: table.name)", logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Whether `table` has no rows.
    public func isEmpty(_ table: BulkTable) async throws -> Bool {
        let rows = try await client.run("SELECT NOT EXISTS (SELECT 1 FROM \(raw: table.name))", logger: logger)
        for try await isEmpty in rows.decode(Bool.self) { return isEmpty }
        return true
    }

    /// Every listing's title (the demo data adds the listings whose title is missing).
    public func listingTitles() async throws -> Set<String> {
        let rows = try await client.run("SELECT title FROM listings", logger: logger)
        var titles = Set<String>()
        for try await title in rows.decode(String.self) { titles.insert(title) }
        return titles
    }

    /// Runs `body` while holding the advisory lock named `name` on a connection of its own, so that two processes
    /// doing the same (two `serve --demo` started together seeding) take turns.
    public func serialised<T: Sendable>(as name: String, _ body: () async throws -> T) async throws -> T {
        try await client.withConnection { lock in
            try await lock.run("SELECT pg_advisory_lock(hashtextextended(\(name), 0))", logger: logger)
            do {
                let result = try await body()
                try await lock.run("SELECT pg_advisory_unlock(hashtextextended(\(name), 0))", logger: logger)
                return result
            } catch {
                _ = try? await lock.run("SELECT pg_advisory_unlock(hashtextextended(\(name), 0))", logger: logger)
                throw error
            }
        }
    }
}
