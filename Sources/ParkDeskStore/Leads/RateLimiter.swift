public import Logging
public import PostgresNIO

/// Per-client token buckets kept in PostgreSQL, so that every ParkDesk instance behind a load balancer
/// counts against the same limit. One statement per request: refill by elapsed time, then take a token.
public struct RateLimiter: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Most requests in a burst.
    public let capacity: Double
    /// Tokens added per second.
    public let refillPerSecond: Double

    public init(client: PostgresClient, logger: Logger, capacity: Double, refillPerSecond: Double) {
        (self.client, self.logger, self.capacity, self.refillPerSecond) = (client, logger, capacity, refillPerSecond)
    }

    /// `nil` when the request may go on; otherwise the seconds until the client may try again.
    public func admit(_ bucket: String) async throws -> Int? {
        let rows = try await client.run(
            """
            INSERT INTO rate_limit_buckets AS b (bucket, tokens, allowed, updated_at)
            VALUES (\(bucket), \(capacity) - 1, true, now())
            ON CONFLICT (bucket) DO UPDATE SET
                allowed = least(\(capacity), b.tokens + extract(epoch FROM now() - b.updated_at) *
                    \(refillPerSecond)) >= 1,
                tokens = least(\(capacity), b.tokens + extract(epoch FROM now() - b.updated_at) * \(refillPerSecond))
                         - CASE WHEN least(\(capacity), b.tokens + extract(epoch FROM now() - b.updated_at) *
                             \(refillPerSecond)) >= 1
                                THEN 1 ELSE 0 END,
                updated_at = now()
            RETURNING allowed, tokens
            """, logger: logger)
        for try await (allowed, tokens) in rows.decode((Bool, Double).self) {
            if allowed { return nil }
            return max(1, Int(((1 - tokens) / refillPerSecond).rounded(.up)))
        }
        return nil
    }
}
