public import ServiceLifecycle
import Synchronization

/// The services of `serve` still running, by name: the shutdown backstop names them when a shutdown hangs, and the
/// service group's own log lines name a watched service by its name instead of its whole value.
public final class RunningServices: Sendable {
    private let running = Mutex<[String: Int]>([:])

    public init() {}

    /// Names of the services started and not yet finished, sorted.
    public var names: [String] {
        running.withLock { $0.filter { $0.value > 0 }.keys.sorted() }
    }

    /// `service`, recorded here under `name` while it runs.
    public func watch(_ service: some Service, as name: String) -> any Service {
        WatchedService(service: service, name: name, running: self)
    }

    fileprivate func change(_ name: String, by count: Int) {
        running.withLock { $0[name, default: 0] += count }
    }
}

private struct WatchedService<Wrapped: Service>: Service, CustomStringConvertible {
    let service: Wrapped
    let name: String
    let running: RunningServices

    var description: String { name }

    func run() async throws {
        running.change(name, by: 1)
        defer { running.change(name, by: -1) }
        try await service.run()
    }
}
