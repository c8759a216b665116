import ParkDeskStore
import Testing

/// How far a replica is behind, from the primary's WAL positions read once a second.
@Suite struct ReplicaLagTests {
    let start = ContinuousClock.now

    func at(_ seconds: Double) -> ContinuousClock.Instant { start + .milliseconds(Int((seconds * 1000).rounded())) }

    @Test func aReplicaThatHasEverythingLagsOnlyTheCheck() {
        var lag = ReplicaLag()
        // an idle primary: the same position for a minute, the replica has it
        for second in 0..<60 {
            let found = lag.observe(
                written: 500, at: at(Double(second)), replayed: 500, now: at(Double(second) + 0.01), keep: .seconds(10))
            #expect(found == .milliseconds(10))
        }
    }

    @Test func aReplicaBehindIsAsOldAsTheNewestPositionItHasReached() {
        var lag = ReplicaLag()
        _ = lag.observe(written: 100, at: at(0), replayed: 100, now: at(0), keep: .seconds(10))
        _ = lag.observe(written: 200, at: at(1), replayed: 150, now: at(1), keep: .seconds(10))
        let found = lag.observe(written: 300, at: at(2), replayed: 250, now: at(2.5), keep: .seconds(10))
        #expect(found == .milliseconds(1500), "it has what the primary had at 1 s, not yet what it had at 2 s")
        #expect(lag.last == found)
    }

    @Test func aReplicaBehindEverySampleKeptHasNoKnownLag() {
        var lag = ReplicaLag()
        for second in 0..<30 {
            _ = lag.observe(
                written: Int64(1000 + second), at: at(Double(second)), replayed: 999, now: at(Double(second)),
                keep: .seconds(5))
        }
        #expect(lag.last == nil, "cut off from a busy primary for longer than the samples kept")
    }
}
