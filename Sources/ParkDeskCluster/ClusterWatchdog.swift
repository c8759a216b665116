import Dispatch
public import Logging
public import ServiceLifecycle

/// Brings the local cluster back when its server dies while `serve` holds a lease: checks every second,
/// restarts with back-off (1 s doubling to 30 s), and logs each attempt. A server that crashed (its
/// `postmaster.pid` left behind) is started at once; one stopped cleanly — by `pg_ctl restart`, say — is left
/// alone for `cleanStopGrace`, so that the watchdog never races the administrator's own start (pg_ctl would see
/// the watchdog's new server and report that the old one "does not shut down"). Stops watching at shutdown.
public struct ClusterWatchdog: Service {
    let lease: ClusterLease
    let logger: Logger

    let cleanStopGrace: Duration

    public init(lease: ClusterLease, logger: Logger, cleanStopGrace: Duration = .seconds(15)) {
        (self.lease, self.logger, self.cleanStopGrace) = (lease, logger, cleanStopGrace)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var backoff = Duration.seconds(1)
            var attempt = 0
            var stoppedCleanlySince: ContinuousClock.Instant?
            while !Task.isCancelled {
                try? await Task.sleep(for: attempt == 0 ? .seconds(1) : backoff)
                guard !Task.isCancelled, !lease.cluster.isRunning else {
                    (attempt, backoff, stoppedCleanlySince) = (0, .seconds(1), nil)
                    continue
                }
                if attempt == 0 && !lease.cluster.leftPidFile {
                    let since = stoppedCleanlySince ?? .now
                    stoppedCleanlySince = since
                    guard ContinuousClock.now - since >= cleanStopGrace else { continue }
                }
                attempt += 1
                logger.warning(
                    "Local PostgreSQL is not running; starting it again", metadata: ["attempt": "\(attempt)"])
                do {
                    if try await restart() {
                        logger.notice("Local PostgreSQL restarted", metadata: ["attempt": "\(attempt)"])
                    }
                    (attempt, backoff) = (0, .seconds(1))
                } catch {
                    logger.error(
                        "Could not restart local PostgreSQL",
                        metadata: [
                            "attempt": "\(attempt)", "error": "\(error)", "nextTryIn": "\(backoff)",
                        ])
                    backoff = min(backoff * 2, .seconds(30))
                }
            }
        }
    }

    /// `pg_ctl start -w` blocks for seconds: run it on a thread of its own, not the cooperative pool.
    private func restart() async throws -> Bool {
        let lease = self.lease
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try lease.restartIfStopped() })
            }
        }
    }
}
