public import Logging
public import PostgresNIO
import Synchronization

/// Watches the database once a second, so that requests fail at once with 503 while it is away instead of
/// each waiting for a connection, and readiness reports it within seconds. Runs as a service of `serve`.
/// Overload is not an outage (issue 29: under 256 connections of search the probe timed out and 70 % of answers
/// became 503): a probe that waits longer than `timeout` while other statements keep being answered (every pooled
/// connection busy) leaves the state as it was; one that waits while nothing is answered (the server refuses,
/// drops or does not answer connections) marks the database away.
public final class DatabaseMonitor: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// How often `serve` checks.
    public let interval: Duration
    let timeout: Duration
    private let state = Mutex<String?>(nil)

    /// `interval` between checks; a check that takes longer than `timeout` fails unless other statements were
    /// answered meanwhile.
    public init(
        client: PostgresClient, logger: Logger, interval: Duration = .seconds(1), timeout: Duration = .seconds(2)
    ) {
        self.client = client
        self.logger = logger
        self.interval = interval
        self.timeout = timeout
    }

    /// `nil` while the database answers, else why not (as of the last check).
    public var unavailableReason: String? { state.withLock { $0 } }

    /// Checks now and records the outcome.
    @discardableResult
    public func check() async -> Bool {
        let client = self.client
        let logger = self.logger
        var reason: String?
        let answersBefore = DatabaseActivity.answers(from: client)
        do {
            _ = try await Deadline.run(within: timeout) {
                try await client.run("SELECT 1", logger: logger)
            }
        } catch is Deadline.Exceeded {
            if DatabaseActivity.answers(from: client) > answersBefore {
                logger.debug("Database busy: the probe waited past its limit while statements were answered")
                return unavailableReason == nil
            }
            reason = "the database did not answer within \(timeout)"
        } catch {
            reason = "the database is not reachable (\(DatabaseFault.named(error)))"
        }
        let before = state.withLock { previous in
            defer { previous = reason }
            return previous
        }
        switch (before, reason) {
        case (nil, let reason?): logger.warning("Database unavailable", metadata: ["reason": "\(reason)"])
        case (_?, nil): logger.notice("Database available again")
        default: break
        }
        return reason == nil
    }
}
