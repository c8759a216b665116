import Foundation
import ParkDeskCore
import ParkDeskNotify
import ParkDeskStore
import ParkDeskTestSupport
import Synchronization
import Testing

/// Each channel is its own queue (issue 29): a channel that hangs, answers slowly or fails delays only itself, a
/// failing channel's retries keep their schedule, and one webhook gets several requests at once.
@Suite struct ChannelIsolationTests {
    /// Runs the worker as `serve` does while `body` runs, then cancels it.
    static func running<T: Sendable>(
        _ worker: NotificationWorker, _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let service = Task { try await worker.run() }
        defer { service.cancel() }
        return try await body()
    }

    static func settings() -> NotificationSettings {
        var settings = NotifyFixture.settings(timeout: .seconds(20))
        settings.pollInterval = .milliseconds(50)
        settings.channelRefresh = .milliseconds(100)
        return settings
    }

    /// Before, every pass waited for its slowest channel: the healthy webhook's rows waited behind the hanging
    /// one's 20 s time limit.
    @Test func aHangingAndASlowChannelDoNotDelayAHealthyOne() async throws {
        let healthy = try await TestReceiver.start(TestReceiver.answering(after: .zero))
        let hanging = try await TestReceiver.start(TestReceiver.answering(after: .seconds(300)))
        let slow = try await TestReceiver.start(TestReceiver.answering(after: .seconds(3)))
        let fixture = try await NotifyFixture.make("notifyisolated")
        // the hanging channel's sends end at a 90 s time limit: before, the healthy one waited that long
        let settings = {
            var settings = Self.settings()
            settings.timeout = .seconds(90)
            return settings
        }()
        try await fixture.database { database in
            for (name, receiver) in [("healthy", healthy), ("hanging", hanging), ("slow", slow)] {
                try await NotifyFixture.channel(database, name, .webhook, url: receiver.url, secret: "k")
            }
            try await Self.running(NotifyFixture.worker(database, settings)) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 0..<60 {
                        group.addTask { try await NotifyFixture.capture(database, mobile: "1581234\(5000 + n)") }
                    }
                    try await group.waitForAll()
                }
                let started = ContinuousClock.now
                let all = try await healthy.wait(for: .seconds(60)) {
                    Set($0.map(\.headers["x-parkdesk-event-id"])).count == 60
                }
                #expect(
                    all, "the healthy channel got \(healthy.requests.count) of 60 in \(ContinuousClock.now - started)")
                #expect(hanging.requests.count <= NotifyFixture.settings().concurrency)
            }
        }
        for receiver in [healthy, hanging, slow] { receiver.stop() }
    }

    /// A channel failing its first three tries is tried again after the documented back-off (its upper half:
    /// 200–400 ms, 400–800 ms, 800–1,600 ms from a 400 ms base), whatever a hanging channel beside it does.
    @Test func aFailingChannelsRetriesKeepTheirScheduleBesideAHangingOne() async throws {
        let times = Mutex<[ContinuousClock.Instant]>([])
        let failing = try await TestReceiver.start { _, index in
            times.withLock { $0.append(.now) }
            return index < 3 ? (500, "down") : (200, "{}")
        }
        let hanging = try await TestReceiver.start(TestReceiver.answering(after: .seconds(60)))
        let fixture = try await NotifyFixture.make("notifyschedule")
        let settings = {
            var settings = Self.settings()
            settings.retry = DeliveryRetry(base: .milliseconds(400), cap: .seconds(60), maxAge: .seconds(3600))
            return settings
        }()
        try await fixture.database { database in
            try await NotifyFixture.channel(database, "failing", .webhook, url: failing.url, secret: "k")
            try await NotifyFixture.channel(database, "hanging", .webhook, url: hanging.url, secret: "k")
            try await NotifyFixture.capture(database, mobile: "13512340000")
            try await Self.running(NotifyFixture.worker(database, settings)) {
                let arrived = try await failing.wait(for: .seconds(60)) { $0.count == 4 }
                #expect(arrived)
            }
        }
        let arrivals = times.withLock { $0 }
        try #require(arrivals.count == 4)
        let gaps = zip(arrivals.dropFirst(), arrivals).map { $0 - $1 }
        // claiming and sending on a busy machine (a loaded one took 5 s more); before, gaps were 85–225 s
        let slack = Duration.seconds(10)
        for (gap, wait) in zip(gaps, [400, 800, 1600].map { Duration.milliseconds($0) }) {
            #expect(gap >= wait / 2 && gap <= wait + slack, "gaps \(gaps)")
        }
        #expect(failing.requests.map { $0.json["attempt"] as? Int } == [1, 2, 3, 4])
        failing.stop()
        hanging.stop()
    }

    /// A receiver that answers 500 for one event is there: it gets the others in the same claim, and the failed one
    /// is due again on its own back-off. Before, the first failure postponed every row after it by its back-off,
    /// so with a receiver failing each event's first tries the retries came 50–90 s apart instead of 5/10/20 s.
    @Test func aReceiverRefusingOneEventStillGetsTheOthersAtOnce() async throws {
        let receiver = try await TestReceiver.start { _, index in index == 0 ? (500, "not this one") : (200, "{}") }
        try await NotifyFixture.withWebhook("notifyrefuseone", receiver) { database in
            for n in 0..<10 { try await NotifyFixture.capture(database, mobile: "1351234\(7000 + n)") }
            var oneAtATime = Self.settings()
            oneAtATime.concurrency = 1
            oneAtATime.retry = DeliveryRetry(base: .seconds(600), cap: .seconds(3600), maxAge: .seconds(7200))
            // passes until nothing is due (on a busy machine one claim's send window may not reach every row)
            let worker = NotifyFixture.worker(database, oneAtATime)
            for _ in 0..<20 where try await worker.deliverDue() > 0 {}
            #expect(receiver.requests.count == 10)
            let entries = try await database.notifications.entries(state: nil, limit: 20)
            #expect(entries.filter { $0.state == "delivered" }.count == 9)
            let failed = try #require(entries.first { $0.state == "pending" })
            #expect(failed.attempts == 1 && failed.lastError?.contains("HTTP 500") == true)
            // the back-off's first step from a 600 s base: 300–600 s after its try
            let due = failed.dueAt.timeIntervalSinceNow
            #expect(due > 120 && due <= 600, "due in \(due) s")
        }
    }

    /// A receiver that takes 200 ms a request gets up to eight at once, never more (one at a time, a claim's 3 s
    /// send window held 15 of these rows).
    @Test func aWebhookGetsSeveralRequestsAtOnce() async throws {
        let inFlight = Mutex((now: 0, most: 0))
        let receiver = try await TestReceiver.start { _, _ in
            inFlight.withLock {
                $0.now += 1; $0.most = max($0.most, $0.now)
            }
            try? await Task.sleep(for: .milliseconds(200))
            inFlight.withLock { $0.now -= 1 }
            return (200, "{}")
        }
        try await NotifyFixture.withWebhook("notifyconcurrent", receiver) { database in
            for n in 0..<32 { try await NotifyFixture.capture(database, mobile: "1371234\(6000 + n)") }
            let worker = NotifyFixture.worker(database)
            for _ in 0..<20 where try await worker.deliverDue() > 0 {}
            #expect(receiver.requests.count == 32)
            #expect(inFlight.withLock { $0.most } <= NotifyFixture.settings().concurrency)
            #expect(inFlight.withLock { $0.most } > 1)
        }
    }

    /// `notify retry` starts a dead letter's attempts from 1 again.
    @Test func aRetriedDeadLetterStartsAtAttemptOne() async throws {
        let refuse = Mutex(true)
        let receiver = try await TestReceiver.start { _, _ in refuse.withLock { $0 } ? (500, "down") : (200, "{}") }
        let fixture = try await NotifyFixture.make("notifyretryone")
        try await fixture.database { database in
            try await NotifyFixture.channel(database, "crm", .webhook, url: receiver.url, secret: "k")
            try await NotifyFixture.capture(database, mobile: "13412340000")
            var short = NotifyFixture.settings()
            short.retry.maxAge = .zero
            let worker = NotifyFixture.worker(database, short)
            try await worker.deliverDue()
            try await fixture.execute("UPDATE notify_outbox SET attempts = 5")
            #expect(try await database.notifications.entries(state: "dead", limit: 5).first?.attempts == 5)
            refuse.withLock { $0 = false }
            #expect(try await database.notifications.retry(ids: [], allDead: true, actor: "test") == 1)
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            #expect(receiver.requests.last?.json["attempt"] as? Int == 1)
            #expect(try await database.notifications.entries(state: "delivered", limit: 5).first?.attempts == 1)
        }
        receiver.stop()
    }
}
