import ParkDeskStore
import Logging
import NIOCore
import PostgresNIO

/// Loads generated rows with COPY in batches, each batch its own transaction, reporting progress; then
/// analyses the table.
enum CopyBatches {
    static let batchSize = 10_000

    /// Writes `count` rows made by `row(index)` into `table`; `afterBatch` runs in each batch's transaction.
    static func load(
        count: Int, table: StaticString, columns: [String], client: PostgresClient, logger: Logger,
        progress: (@Sendable (Int) -> Void)?,
        afterBatch: (@Sendable (PostgresConnection) async throws -> Void)? = nil,
        row: (Int) throws -> [String?]
    ) async throws -> Int {
        var loaded = 0
        while loaded < count {
            let size = min(batchSize, count - loaded)
            var buffer = ByteBuffer()
            for index in loaded..<(loaded + size) { CopyText.appendRow(try row(index), to: &buffer) }
            let batch = buffer
            try await client.withTransaction(logger: logger) { tx in
                try await tx.copyFrom(table: table.description, columns: columns, logger: logger) { writer in
                    try await writer.write(batch)
                }
                try await afterBatch?(tx)
            }
            loaded += size
            progress?(loaded)
        }
        // Statistics for the new rows now, not when autovacuum gets to them: the planner's choices (and the
        // keyword search's word frequencies) hold right after seeding. `table` is one of the seeders' names.
        if loaded > 0 { try await client.run("ANALYZE \(raw: table)", logger: logger) }
        return loaded
    }
}
