import Crypto
public import Foundation
import Logging
import PostgresNIO

/// `Idempotency-Key` records, shared by every ParkDesk instance through PostgreSQL. A keyed capture runs in one
/// transaction that first takes a transaction-scoped advisory lock on the key: a concurrent request with the
/// same key finds it taken (in flight), a later one finds the recorded answer. Nothing outlives a failed
/// request — if the capture, the connection or the database fails, the lock and the record go with the
/// transaction, so an immediate retry with the same key is simply served.
public enum IdempotencyKeys {
    /// What a keyed capture did.
    public enum Outcome: Sendable, Equatable {
        /// Stored now (a new lead or an inquiry on the open one).
        case captured(LeadStore.Capture)
        /// The same request was answered before: send this answer again.
        case replay(receipt: UUID, receivedAt: Date)
        /// The same key came with another body.
        case mismatch
        /// The same request is being answered right now.
        case inFlight
    }

    /// The key with its request's hash (of the canonical body).
    public struct Key: Sendable {
        let key: String
        let requestHash: ByteBuffer

        public init(_ key: String, body: Data) {
            self.key = key
            self.requestHash = ByteBuffer(bytes: SHA256.hash(data: body))
        }

        /// A short hex digest of a body, to make a key of its own for a revised request.
        public static func digest(_ body: Data) -> String {
            SHA256.hash(data: body).prefix(12).map { String(format: "%02x", $0) }.joined()
        }
    }

    /// Inside the capture's transaction: takes the key, or says why the capture must not run.
    static func take(_ key: Key, on tx: PostgresConnection, logger: Logger) async throws -> Outcome? {
        let locked = try await tx.run(
            "SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency:' || \(key.key), 0))", logger: logger)
        for try await taken in locked.decode(Bool.self) where !taken { return .inFlight }
        let rows = try await tx.run(
            """
            SELECT request_hash = \(key.requestHash), (response ->> 'receipt')::uuid,
                   (response ->> 'receivedAt')::timestamptz
            FROM idempotency_keys WHERE key = \(key.key)
            """, logger: logger)
        for try await (same, receipt, receivedAt) in rows.decode((Bool, UUID?, Date?).self) {
            guard same else { return .mismatch }
            if let receipt, let receivedAt { return .replay(receipt: receipt, receivedAt: receivedAt) }
        }
        return nil
    }

    /// Records the answer, inside the transaction that stored the lead.
    static func record(
        _ key: Key, receipt: UUID, receivedAt: Date, on tx: PostgresConnection, logger: Logger
    ) async throws {
        try await tx.run(
            """
            INSERT INTO idempotency_keys AS k (key, request_hash, response, completed_at)
            VALUES (\(key.key), \(key.requestHash),
                    jsonb_build_object('receipt', \(receipt.uuidString.lowercased()),
                                       'receivedAt', \(receivedAt)::timestamptz), now())
            ON CONFLICT (key) DO UPDATE SET request_hash = excluded.request_hash, response = excluded.response,
                claimed_at = now(), completed_at = now()
            """, logger: logger)
    }
}
