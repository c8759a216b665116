import ParkDeskCore
import Synchronization
import Testing

/// The one cache: by key, by change token, by age, bounded (the oldest key goes first), safe to share.
@Suite struct KeptTests {
    @Test func aValueIsKeptByKeyAndToken() {
        let kept = Kept<String, Int>()
        #expect(kept.value(for: "a") == nil)
        kept.keep(1, for: "a", token: "v1")
        #expect(kept.value(for: "a", token: "v1") == 1)
        #expect(kept.value(for: "a", token: "v2") == nil, "another change token is a miss")
        #expect(kept.value(for: "a") == nil, "no token is another token")
        kept.keep(2, for: "a", token: "v2")
        #expect(kept.value(for: "a", token: "v2") == 2 && kept.count == 1)
        #expect(kept.values([("a", "v2"), ("b", nil), ("a", "v1")]) == [2, nil, nil])
    }

    @Test func anEntryOlderThanItsLifetimeIsAMiss() async throws {
        let kept = Kept<Int, String>(lifetime: .milliseconds(50))
        kept.keep("湘潭", for: 1)
        #expect(kept.value(for: 1) == "湘潭")
        let since = ContinuousClock.now
        while ContinuousClock.now - since < .milliseconds(60) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(kept.value(for: 1) == nil)
    }

    @Test func beyondItsCapacityTheOldestKeyGoes() {
        let kept = Kept<Int, Int>(capacity: 3)
        kept.keep((1...5).map { ($0, nil, $0 * 10) })
        #expect(kept.count == 3)
        #expect(kept.values((1...5).map { ($0, nil) }) == [nil, nil, 30, 40, 50])
        kept.keep(31, for: 3)  // a key kept again keeps its place
        kept.keep(60, for: 6)
        #expect(kept.values((3...6).map { ($0, nil) }) == [nil, 40, 50, 60])
        kept.forgetAll()
        #expect(kept.count == 0 && kept.value(for: 6) == nil)
    }

    @Test func aMissIsReadOnceAndKept() async throws {
        let kept = Kept<KeptOnce, [String]>()
        let reads = Mutex(0)
        for _ in 0..<3 {
            let districts = try await kept.value {
                reads.withLock { $0 += 1 }
                return ["湘潭县", "雨湖区"]
            }
            #expect(districts == ["湘潭县", "雨湖区"])
        }
        #expect(reads.withLock { $0 } == 1)
        struct Away: Error {}
        let failing = Kept<KeptOnce, Int>()
        await #expect(throws: Away.self) { try await failing.value { throw Away() } }
        #expect(failing.count == 0, "a failed read keeps nothing")
    }

    @Test func manyTasksShareOneCache() async {
        let kept = Kept<Int, Int>(capacity: 100)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for n in 0..<1_000 {
                        kept.keep(n, for: (task * 1_000 + n) % 150)
                        _ = kept.value(for: n % 150)
                    }
                }
            }
        }
        #expect(kept.count == 100)
    }
}
