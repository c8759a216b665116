import NIOCore
import NIOPosix
import Synchronization

/// Answers within a time limit even when the work cannot be stopped: a PostgresNIO query waiting on a server
/// that no longer answers ignores cancellation, so the work runs in its own task and the caller gets
/// `Deadline.Exceeded` when the limit passes, or `CancellationError` at once when it is cancelled itself (a
/// shutdown past its grace period); the work is then cancelled and left to finish on its own.
///
/// The limit is a timer on an event loop, not a sleeping task: on Linux (Swift 6.3) a `Task.sleep` cancelled early
/// keeps ~1 KB until its time would have come, which at one deadline per request held ~20 MiB more at 3,000
/// requests a second (BENCHMARKS.md, session 14); a cancelled event-loop timer is removed at once.
public enum Deadline {
    /// The limit passed before the work finished.
    public struct Exceeded: Error, Sendable, CustomStringConvertible {
        public var description: String { "no answer within the time limit" }
    }

    /// The work was given up on: the condition it was watched for came true.
    public struct GivenUp: Error, Sendable {}

    public static func run<T: Sendable>(
        within limit: Duration, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await race(operation) { race in
            let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(limit)) {
                race.finish(.failure(Exceeded()))
            }
            return { timer.cancel() }
        }
    }

    /// Runs `operation`, checking `givingUp` every `interval` while it runs; once it holds the caller gets
    /// `GivenUp` (the work is cancelled and left to finish on its own).
    public static func run<T: Sendable>(
        checkingEvery interval: Duration, givingUpWhen givingUp: @escaping @Sendable () -> Bool,
        _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        try await race(operation) { race in
            let check = MultiThreadedEventLoopGroup.singleton.any().scheduleRepeatedTask(
                initialDelay: TimeAmount(interval), delay: TimeAmount(interval)
            ) { _ in
                if givingUp() { race.finish(.failure(GivenUp())) }
            }
            return { check.cancel() }
        }
    }

    /// `operation` in its own task against the watch `start` sets up (it returns how to stop the watch).
    private static func race<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T,
        watch start: (Race<T>) -> @Sendable () -> Void
    ) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                race.waiting.withLock { $0 = continuation }
                let stopWatch = start(race)
                let work = Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await operation()) } catch { result = .failure(error) }
                    race.finish(result)
                }
                race.started(work, stopWatch)
                if Task.isCancelled { race.finish(.failure(CancellationError())) }
            }
        } onCancel: {
            race.finish(.failure(CancellationError()))
        }
    }

    /// The caller's continuation, resumed once by whichever of the work and its watch ends first.
    private final class Race<T: Sendable>: Sendable {
        let waiting = Mutex<CheckedContinuation<T, any Error>?>(nil)
        let running = Mutex<(work: Task<Void, Never>, stopWatch: @Sendable () -> Void)?>(nil)

        func finish(_ result: Result<T, any Error>) {
            guard let continuation = waiting.withLock({ $0.take() }) else { return }
            cancelAll()
            continuation.resume(with: result)
        }

        /// The work and its watch; stopped at once when the race already ended (the caller was cancelled first).
        func started(_ work: Task<Void, Never>, _ stopWatch: @escaping @Sendable () -> Void) {
            running.withLock { $0 = (work, stopWatch) }
            if waiting.withLock({ $0 == nil }) { cancelAll() }
        }

        func cancelAll() {
            guard let (work, stopWatch) = running.withLock({ $0 }) else { return }
            work.cancel()
            stopWatch()
        }
    }
}
