import Crypto
public import Foundation
public import Logging
import ParkDeskCore
public import PostgresNIO

/// `Idempotency-Key` records, shared by every ParkDesk instance through PostgreSQL: the first request with a
/// key claims it, its capture records the answer in the same transaction, retries get that answer again.
public struct IdempotencyKeys: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// What became of a claim.
    public enum Claim: Sendable, Equatable {
        /// The key is ours: go on, and complete or release it.
        case claimed
        /// The same request was answered before: send this answer again.
        case replay(receipt: UUID, receivedAt: Date)
        /// The same key came with another body.
        case mismatch
        /// The same request is being answered right now.
        case inFlight
    }

    /// A claim older than this without an answer was abandoned (its instance died) and may be taken over.
    static let abandonedAfterSeconds = 60

    /// Claims `key` for a request whose canonical body is `body`.
    public func claim(_ key: String, body: Data) async throws -> Claim {
        let hash = ByteBuffer(bytes: SHA256.hash(data: body))
        let claimed = try await client.query("""
            INSERT INTO idempotency_keys AS k (key, request_hash) VALUES (\(key), \(hash))
            ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, claimed_at = now()
                WHERE k.completed_at IS NULL AND k.request_hash = excluded.request_hash
                  AND k.claimed_at < now() - make_interval(secs => \(Self.abandonedAfterSeconds)::int)
            RETURNING 1
            """, logger: logger)
        for try await _ in claimed.decode(Int.self) { return .claimed }
        let rows = try await client.query("""
            SELECT request_hash = \(hash), (response ->> 'receipt')::uuid, (response ->> 'receivedAt')::timestamptz
            FROM idempotency_keys WHERE key = \(key)
            """, logger: logger)
        for try await (same, receipt, receivedAt) in rows.decode((Bool, UUID?, Date?).self) {
            guard same else { return .mismatch }
            if let receipt, let receivedAt { return .replay(receipt: receipt, receivedAt: receivedAt) }
            return .inFlight
        }
        return .inFlight  // released between the two statements: the client may simply retry
    }

    /// Lets go of a claim whose request failed, so that a corrected request may use the key.
    public func release(_ key: String) async throws {
        try await client.query("DELETE FROM idempotency_keys WHERE key = \(key) AND completed_at IS NULL", logger: logger)
    }

    /// Records the answer, inside the transaction that stored the lead.
    static func complete(_ key: String, receipt: UUID, receivedAt: Date, on tx: PostgresConnection, logger: Logger) async throws {
        try await tx.query("""
            UPDATE idempotency_keys
            SET response = jsonb_build_object('receipt', \(receipt.uuidString.lowercased()),
                                              'receivedAt', \(receivedAt)::timestamptz),
                completed_at = now()
            WHERE key = \(key)
            """, logger: logger)
    }

    /// Records older than `hours` are forgotten; returns how many.
    public func forget(olderThanHours hours: Int) async throws -> Int {
        let rows = try await client.query("""
            WITH gone AS (DELETE FROM idempotency_keys WHERE claimed_at < now() - make_interval(hours => \(hours)::int) RETURNING 1)
            SELECT count(*)::int FROM gone
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
