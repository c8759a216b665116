import Dispatch
import Foundation
import Logging
import Synchronization

/// Makes SIGTERM/SIGINT end the process within a bounded time whatever clients or the database do: the
/// service group drains for the grace period and then cancels; should anything still hang `after` the
/// signal, the services `stillRunning` names are logged, `cleanup` runs (the local cluster is stopped) and the
/// process exits with status 1.
final class ShutdownBackstop: Sendable {
    private enum State { case waiting, counting, disarmed }
    /// Kept so that the signal sources live as long as the backstop (they are used only from the lock).
    private let sources: Mutex<[SignalSource]> = Mutex([])
    private let state = Mutex(State.waiting)

    init(
        after limit: Duration, logger: Logger, stillRunning: @escaping @Sendable () -> [String],
        cleanup: @escaping @Sendable () -> Void
    ) {
        let queue = DispatchQueue(label: "parkdesk.shutdown-backstop")
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        var made: [SignalSource] = []
        for signal in [SIGTERM, SIGINT] {
            let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
            source.setEventHandler {
                guard self.move(from: .waiting, to: .counting) else { return }
                queue.asyncAfter(deadline: .now() + seconds) {
                    guard self.move(from: .counting, to: .disarmed) else { return }
                    logger.error(
                        "Shutdown did not finish within its grace period; exiting now",
                        metadata: ["limit": "\(limit)", "stillRunning": "\(stillRunning().joined(separator: ", "))"])
                    cleanup()
                    exit(1)
                }
            }
            source.resume()
            made.append(SignalSource(source: source))
        }
        sources.withLock { $0 = made }
    }

    /// The service group finished on its own: no forced exit.
    func disarm() {
        state.withLock { $0 = .disarmed }
        sources.withLock { sources in
            for signal in sources { signal.source.cancel() }
            sources.removeAll()
        }
    }
}

extension ShutdownBackstop {
    private func move(from: State, to: State) -> Bool {
        state.withLock { state in
            guard state == from else { return false }
            state = to
            return true
        }
    }
}

/// A dispatch signal source, used only from the backstop's lock.
private struct SignalSource: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
