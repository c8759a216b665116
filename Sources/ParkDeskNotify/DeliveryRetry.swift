/// When a failed delivery is tried again: exponential back-off from `base`, capped at `cap`, with jitter (each
/// delay is drawn from its upper half, so instances that failed together do not retry together), until the row is
/// older than `maxAge` and becomes a dead letter.
public struct DeliveryRetry: Sendable, Equatable {
    public var base: Duration
    public var cap: Duration
    public var maxAge: Duration

    public init(base: Duration = .seconds(5), cap: Duration = .seconds(3600), maxAge: Duration = .seconds(86_400)) {
        (self.base, self.cap, self.maxAge) = (base, cap, maxAge)
    }

    /// The wait after the `attempt`-th failure (1-based); `random` in 0..<1 picks the point in the upper half.
    public func delay(afterAttempt attempt: Int, random: Double) -> Duration {
        let doubling = Double(1 << min(max(attempt - 1, 0), 30))
        let full = min(Self.milliseconds(base) * doubling, Self.milliseconds(cap))
        return .milliseconds(Int64(full * (0.5 + 0.5 * min(max(random, 0), 1))))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
