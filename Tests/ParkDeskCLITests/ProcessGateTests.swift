import Foundation
@testable import ParkDeskMedia
import Synchronization
import Testing

/// libvips' gate: a job waiting for its turn whose caller gives up (an upload past its deadline) is not run.
@Suite struct ProcessGateTests {
    /// Set from a job's thread, read by the test.
    final class Marks: Sendable {
        let started = Atomic(false)
        let secondRan = Atomic(false)
    }

    @Test func aJobCancelledWhileWaitingIsNotRun() async throws {
        let gate = ProcessGate(limit: 1)
        let marks = Marks()
        let release = DispatchSemaphore(value: 0)
        let first = Task {
            try await gate.run {
                marks.started.store(true, ordering: .relaxed)
                release.wait()
                return 1
            }
        }
        while !marks.started.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(5)) }
        let second = Task {
            try await gate.run {
                marks.secondRan.store(true, ordering: .relaxed)
                return 2
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        second.cancel()
        release.signal()
        await #expect(throws: CancellationError.self) { try await second.value }
        #expect(try await first.value == 1 && !marks.secondRan.load(ordering: .relaxed))
        // the gate is free again afterwards
        #expect(try await gate.run { 3 } == 3)
    }
}
