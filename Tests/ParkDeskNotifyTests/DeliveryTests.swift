import Crypto
import Foundation
import ParkDeskCore
import ParkDeskNotify
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Synchronization
import Testing

/// Delivery to local receivers: signatures as each platform checks them, retries, time limits, dead letters,
/// robots' budgets, two workers on one database, erasure.
@Suite struct DeliveryTests {
    static func hmac(key: Data, _ message: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    @Test func aNewLeadReachesASignedWebhookWithTheMobileMasked() async throws {
        let receiver = try await TestReceiver.start()
        try await NotifyFixture.run("notifyhook", demo: true, stopping: [receiver]) { database in
            try await NotifyFixture.channel(database, "crm", .webhook, url: receiver.url, secret: "s3cret")
            let capture = try await NotifyFixture.capture(database, mobile: "13812345678")
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            let request = try #require(receiver.requests.first)
            #expect(receiver.requests.count == 1)
            // the receiver's check: HMAC-SHA256(secret, timestamp + "." + body), hex
            let timestamp = try #require(request.headers["x-parkdesk-timestamp"])
            let expected = Self.hmac(key: Data("s3cret".utf8), Data((timestamp + ".").utf8) + request.body)
                .map { String(format: "%02x", $0) }.joined()
            #expect(request.headers["x-parkdesk-signature"] == "sha256=" + expected)
            #expect(abs((Double(timestamp) ?? 0) - Date().timeIntervalSince1970) < 60)
            let body = request.json
            #expect(body["event"] as? String == "lead.captured")
            #expect(body["id"] as? String == request.headers["x-parkdesk-event-id"])  // the same string, case included
            #expect(body["lead"] as? String == capture.ref)
            let text = try #require(body["text"] as? String)
            #expect(
                text == "新线索 \(capture.ref) · 400热线 · 需求: 厂房 出租 3000–5000㎡ 湘潭县 行车≥10吨 · 用途: 工程机械 · 税收: 300万元/年"
                    + " · 公司: 湘潭某机械有限公司 · 联系人: 王经理 138****5678"
                    + " · https://zs.example.cn/staff/leads/\(capture.ref)")
            #expect(!request.text.contains("13812345678"))
            let entries = try await database.notifications.entries(state: nil, limit: 10)
            #expect(entries.map(\.state) == ["delivered"])
        }
    }

    @Test func aChannelAllowedTheFullNumberGetsIt() async throws {
        let receiver = try await TestReceiver.start()
        try await NotifyFixture.run("notifyfull", stopping: [receiver]) { database in
            try await NotifyFixture.channel(database, "boss", .wecom, url: receiver.url, fullMobile: true)
            try await NotifyFixture.capture(database, mobile: "13812345678")
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            let content = try #require((receiver.requests.first?.json["markdown"] as? [String: Any])?["content"])
            #expect((content as? String)?.contains("王经理 13812345678") == true)
            #expect(receiver.requests.first?.json["msgtype"] as? String == "markdown")
        }
    }

    @Test func aReceiverThatFailsThreeTimesGetsTheSameEventAFourthTime() async throws {
        let receiver = try await TestReceiver.start { _, index in
            index < 3 ? (503, "busy") : (200, "{}")
        }
        try await NotifyFixture.withWebhook("notifyretry", receiver) { database in
            try await NotifyFixture.capture(database, mobile: "13912345678")
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            #expect(receiver.requests.count == 4)
            #expect(Set(receiver.eventIDs).count == 1)
            #expect(receiver.requests.map { $0.json["attempt"] as? Int } == [1, 2, 3, 4])
            let entry = try #require(try await database.notifications.entries(state: nil, limit: 1).first)
            #expect(entry.state == "delivered" && entry.attempts == 4 && entry.lastError == nil)
        }
    }

    @Test func aRobotsErrorCodeIsAFailureAndBackOffGrows() async throws {
        let receiver = try await TestReceiver.start { _, index in
            index < 2 ? (200, #"{"errcode":45009,"errmsg":"api freq out of limit"}"#) : (200, #"{"errcode":0}"#)
        }
        try await NotifyFixture.run("notifyerrcode", stopping: [receiver]) { database in
            try await NotifyFixture.channel(database, "group", .wecom, url: receiver.url)
            try await NotifyFixture.capture(database, mobile: "13712345678")
            let worker = NotifyFixture.worker(database)
            try await worker.deliverDue()
            let failed = try #require(try await database.notifications.entries(state: "pending", limit: 1).first)
            #expect(failed.lastError?.contains("45009") == true)
            #expect(failed.attempts == 1)
            try await NotifyFixture.drain(worker, database)
            #expect(receiver.requests.count == 3)
            #expect(try await database.notifications.entries(state: "delivered", limit: 5).count == 1)
        }
    }

    @Test func aHangingReceiverIsGivenUpOnAtTheTimeLimitAndHoldsTheWorkerOnce() async throws {
        let receiver = try await TestReceiver.start(TestReceiver.answering(after: .seconds(30)))
        try await NotifyFixture.withWebhook("notifyhang", receiver) { database in
            for n in 1...3 { try await NotifyFixture.capture(database, mobile: "1361234567\(n)") }
            let started = ContinuousClock.now
            var oneAtATime = NotifyFixture.settings(timeout: .seconds(2))
            oneAtATime.concurrency = 1
            try await NotifyFixture.worker(database, oneAtATime).deliverDue()
            let took = ContinuousClock.now - started
            // the time limit ends the hanging send (the receiver would answer after 30 s); one time limit, not one
            // per row: the receiver sees one request and the rows after it wait (the time beyond the 2 s limit is the
            // database's, which took up to 4.8 s more when 66 suites shared two cores)
            #expect(took >= .milliseconds(1900) && took < .seconds(20), "took \(took)")
            let entries = try await database.notifications.entries(state: nil, limit: 5)
            #expect(entries.allSatisfy { $0.state == "pending" })
            #expect(entries.map(\.attempts).sorted() == [0, 0, 1])
            #expect(entries.first { $0.attempts == 1 }?.lastError?.contains("no answer") == true)
            #expect(receiver.requests.count == 1)
        }
    }

    /// Twenty rows for a webhook that takes 300 ms each (time limit 3 s): one claim sends for its 3 s window and
    /// gives the rest back, due at once and not counted as tried — before, it sent all twenty, and 32 such rows
    /// outlast a lease: under `serve` given up unrecorded and claimed again, the first rows sent again and again.
    @Test func aSlowWebhookGetsWhatFitsTheSendWindowAndTheRestAreDueAgain() async throws {
        let receiver = try await TestReceiver.start(TestReceiver.answering(after: .milliseconds(300)))
        try await NotifyFixture.withWebhook("notifywindow", receiver) { database in
            for n in 10...29 { try await NotifyFixture.capture(database, mobile: "135000000\(n)") }
            var oneAtATime = NotifyFixture.settings()
            oneAtATime.concurrency = 1
            let worker = NotifyFixture.worker(database, oneAtATime)
            #expect(try await worker.deliverDue() == 20)
            let sent = receiver.requests.count
            #expect(sent >= 1 && sent <= 11, "sent \(sent) in one claim")
            let pending = try await database.notifications.entries(state: "pending", limit: 50)
            #expect(pending.count == 20 - sent)
            #expect(pending.allSatisfy { $0.attempts == 0 && $0.dueAt <= Date() })
            try await NotifyFixture.drain(worker, database, timeout: .seconds(60))
            #expect(try await database.notifications.entries(state: "delivered", limit: 50).count == 20)
            #expect(Set(receiver.eventIDs).count == 20)
        }
    }

    @Test func aSlowReceiverWithinTheLimitIsDelivered() async throws {
        let receiver = try await TestReceiver.start(TestReceiver.answering(after: .seconds(1)))
        try await NotifyFixture.withWebhook("notifyslow", receiver) { database in
            try await NotifyFixture.capture(database, mobile: "13512345678")
            try await NotifyFixture.worker(database, NotifyFixture.settings(timeout: .seconds(5))).deliverDue()
            #expect(try await database.notifications.entries(state: "delivered", limit: 5).count == 1)
        }
    }

    @Test func refusalsAndOldRowsBecomeDeadLettersThatCanBeSentAgain() async throws {
        let refuse = Mutex(true)
        let receiver = try await TestReceiver.start { _, _ in
            refuse.withLock { $0 } ? (404, "no such hook") : (200, "{}")
        }
        let fixture = try await NotifyFixture.make("notifydead")
        try await fixture.database { database in
            try await NotifyFixture.channel(database, "crm", .webhook, url: receiver.url, secret: "k")
            try await NotifyFixture.capture(database, mobile: "13412345678")
            let worker = NotifyFixture.worker(database)
            try await worker.deliverDue()
            let dead = try await database.notifications.entries(state: "dead", limit: 5)
            #expect(dead.count == 1 && dead.first?.lastError?.hasPrefix("HTTP 404") == true)
            // a failure past the maximum age is dead too
            var short = NotifyFixture.settings()
            short.retry.maxAge = .zero
            refuse.withLock { $0 = false }
            try await NotifyFixture.capture(database, mobile: "13312345678")
            let failing = try await TestReceiver.start { _, _ in (500, "down") }
            try await fixture.execute("UPDATE notify_channels SET url = '\(failing.url)'")
            try await NotifyFixture.worker(database, short).deliverDue()
            #expect(try await database.notifications.entries(state: "dead", limit: 5).count == 2)
            failing.stop()
            try await fixture.execute("UPDATE notify_channels SET url = '\(receiver.url)'")
            #expect(try await database.notifications.retry(ids: [], allDead: true, actor: "test") == 2)
            try await NotifyFixture.drain(worker, database)
            #expect(try await database.notifications.entries(state: "delivered", limit: 5).count == 2)
            await #expect(throws: ValidationFailed.self) {
                try await database.notifications.retry(ids: [], allDead: false, actor: "test")
            }
        }
        receiver.stop()
    }

    /// DingTalk: `timestamp` (ms) and `sign` = base64(HMAC-SHA256(key: secret, timestamp + "\n" + secret)) in the
    /// query; Feishu: `timestamp` (s) and `sign` = base64(HMAC-SHA256(key: timestamp + "\n" + secret, empty)) in
    /// the body. Each receiver answers 200 with an error code when the signature is wrong, as the platforms do.
    @Test func dingTalkAndFeishuSignaturesCheckOutAsThePlatformsCheckThem() async throws {
        let secret = "SEC0123456789abcdef"
        let dingtalk = try await TestReceiver.start { request, _ in
            guard let timestamp = request.query["timestamp"], let sign = request.query["sign"],
                abs((Double(timestamp) ?? 0) / 1000 - Date().timeIntervalSince1970) < 3600
            else { return (200, #"{"errcode":310000,"errmsg":"sign not match"}"#) }
            let expected = Self.hmac(key: Data(secret.utf8), Data("\(timestamp)\n\(secret)".utf8))
                .base64EncodedString()
            return sign == expected
                ? (200, #"{"errcode":0,"errmsg":"ok"}"#) : (200, #"{"errcode":310000,"errmsg":"sign not match"}"#)
        }
        let feishu = try await TestReceiver.start { request, _ in
            let body = request.json
            guard let timestamp = body["timestamp"] as? String, let sign = body["sign"] as? String else {
                return (200, #"{"code":19021,"msg":"sign match fail"}"#)
            }
            let expected = Self.hmac(key: Data("\(timestamp)\n\(secret)".utf8), Data()).base64EncodedString()
            return sign == expected ? (200, #"{"code":0,"msg":"success"}"#) : (200, #"{"code":19021,"msg":"bad"}"#)
        }
        try await NotifyFixture.run("notifysign", stopping: [dingtalk, feishu]) { database in
            try await NotifyFixture.channel(database, "ding", .dingtalk, url: dingtalk.url, secret: secret)
            try await NotifyFixture.channel(database, "lark", .feishu, url: feishu.url, secret: secret)
            try await NotifyFixture.channel(database, "ding-wrong", .dingtalk, url: dingtalk.url, secret: "other")
            try await NotifyFixture.capture(database, mobile: "13212345678")
            try await NotifyFixture.worker(database).deliverDue()
            let entries = try await database.notifications.entries(state: nil, limit: 10)
            let byChannel = Dictionary(uniqueKeysWithValues: entries.map { ($0.channel ?? "", $0) })
            #expect(byChannel["ding"]?.state == "delivered")
            #expect(byChannel["lark"]?.state == "delivered")
            #expect(byChannel["ding-wrong"]?.state == "pending")
            #expect(byChannel["ding-wrong"]?.lastError?.contains("310000") == true)
            let markdown = try #require(dingtalk.requests.first?.json["markdown"] as? [String: Any])
            #expect((markdown["title"] as? String)?.hasPrefix("新线索 LD-") == true)
            let text = try #require((feishu.requests.first?.json["content"] as? [String: Any])?["text"] as? String)
            #expect(text.contains("\n需求: 厂房 出租 3000–5000㎡ 湘潭县 行车≥10吨\n"))
            #expect(feishu.requests.first?.json["msg_type"] as? String == "text")
        }
    }

    @Test func aRobotGetsAtMostItsBudgetAMinuteAndWaitingRowsGoTogether() async throws {
        let receiver = try await TestReceiver.start()
        try await NotifyFixture.run("notifybudget", stopping: [receiver]) { database in
            try await NotifyFixture.channel(database, "group", .wecom, url: receiver.url, perMinute: 2)
            let worker = NotifyFixture.worker(database)
            try await NotifyFixture.capture(database, mobile: "13100000001")
            try await worker.deliverDue()
            for n in 2...6 { try await NotifyFixture.capture(database, mobile: "1310000000\(n)") }
            try await worker.deliverDue()
            // the second message of the minute carries all five waiting rows
            #expect(receiver.requests.count == 2)
            let second = try #require((receiver.requests.last?.json["markdown"] as? [String: Any])?["content"])
            #expect((second as? String)?.hasPrefix("**5 条通知**") == true)
            for n in 7...8 { try await NotifyFixture.capture(database, mobile: "1310000000\(n)") }
            try await worker.deliverDue()
            #expect(receiver.requests.count == 2)
            let waiting = try await database.notifications.entries(state: "pending", limit: 10)
            // not even claimed until the minute is over
            #expect(waiting.count == 2 && waiting.allSatisfy { $0.attempts == 0 })
        }
    }

    @Test func twoWorkersOnOneDatabaseDeliverEveryRowOnce() async throws {
        let receiver = try await TestReceiver.start(TestReceiver.answering(after: .milliseconds(5)))
        let fixture = try await NotifyFixture.make("notifytwo")
        try await fixture.database { database in
            try await NotifyFixture.channel(database, "crm", .webhook, url: receiver.url, secret: "k")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for chunk in 0..<4 {
                    group.addTask {
                        for n in 0..<50 {
                            try await NotifyFixture.capture(database, mobile: String(format: "1590%03d%04d", chunk, n))
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // two servers: two pools, two workers, claiming side by side
        let settings = {
            var settings = NotifyFixture.settings()
            settings.batchSize = 8
            return settings
        }()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await fixture.database { database in
                        // 63 suites share 2 cores in a full run: give both workers time (it ends when none is pending)
                        try await NotifyFixture.drain(
                            NotifyFixture.worker(database, settings), database, timeout: .seconds(90))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(receiver.requests.count == 200)
        #expect(Set(receiver.eventIDs).count == 200)
        #expect(try await fixture.count("SELECT count(*)::int FROM notify_outbox WHERE state = 'delivered'") == 200)
        receiver.stop()
    }

    /// A database server killed mid-statement can leave a statement that never answers, and PostgresNIO's
    /// statements ignore cancellation. Here the claim waits on a table lock instead: the running worker, cancelled
    /// (a shutdown past its grace period), ends at once, not when the statement does.
    @Test func aClaimThatDoesNotAnswerDoesNotHoldTheWorkersShutdown() async throws {
        let fixture = try await NotifyFixture.make("notifystuck")
        try await fixture.database { database in
            try await NotifyFixture.channel(database, "crm", .webhook, url: "http://127.0.0.1:9/", secret: "k")
            try await NotifyFixture.capture(database, mobile: "13612345670")
            try await withClient(fixture.config) { locker in
                try await locker.withTransaction(logger: TestDatabase.logger) { tx in
                    try await tx.query("LOCK TABLE notify_outbox IN ACCESS EXCLUSIVE MODE")
                    let worker = NotifyFixture.worker(database, NotifyFixture.settings(timeout: .seconds(30)))
                    let ended = Mutex<Bool>(false)
                    let running = Task {
                        try? await worker.run()
                        ended.withLock { $0 = true }
                    }
                    try await Task.sleep(for: .milliseconds(500))  // both workers are waiting on the lock now
                    running.cancel()
                    // polled, so that a worker that waits for its statement (held by the lock until this test ends)
                    // fails the test instead of hanging it; 10 s, as a loaded machine may be slow to run it at all
                    for _ in 0..<200 where !ended.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(50)) }
                    let endedInTime = ended.withLock { $0 }
                    #expect(endedInTime, "the cancelled worker did not end within 10 s")
                }
            }
        }
    }

    @Test func erasingALeadLeavesNothingOfThePersonInRowsNotYetSent() async throws {
        let receiver = try await TestReceiver.start()
        let fixture = try await NotifyFixture.make("notifyerase")
        try await fixture.database { database in
            try await NotifyFixture.channel(database, "crm", .webhook, url: receiver.url, secret: "k", fullMobile: true)
            let capture = try await NotifyFixture.capture(database, mobile: "18812345678", name: "李雷")
            // what the outbox holds never names the person
            #expect(
                try await fixture.count(
                    "SELECT count(*)::int FROM notify_outbox "
                        + "WHERE row_to_json(notify_outbox)::text ~ '18812345678|李雷|湘潭某机械'"
                ) == 0)
            _ = try await database.leads.erase(ref: capture.ref, actor: "test")
            try await NotifyFixture.drain(NotifyFixture.worker(database), database)
            let text = try #require(receiver.requests.first?.text)
            #expect(!text.contains("18812345678") && !text.contains("李雷") && !text.contains("湘潭某机械"))
            #expect(text.contains("个人信息已删除"))
        }
        receiver.stop()
    }
}
