import Foundation
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// `parkdesk notify …` as staff type it, and delivery surviving a `serve` killed mid-delivery.
@Suite struct NotifyCommandTests {
    @Test func channelsAreAddedListedTestedAndRemoved() async throws {
        let receiver = try await TestReceiver.start()
        let cli = try await CLIHarness.make("notifycli")
        let added = try await cli.run(
            "notify", "channel", "add", "office", "--kind", "企业微信", "--url", receiver.url, "--events",
            "lead.captured,新咨询")
        #expect(added.hasPrefix("channel 'office' added (企业微信群机器人, http://127.0.0.1:"))
        #expect(!added.contains("test-key-0123456789"))
        let list = try await cli.run("notify", "channel", "list")
        #expect(list.contains("office\t企业微信群机器人") && list.contains("lead.captured,lead.inquiry"))
        #expect(!list.contains("test-key"))
        let test = try await cli.run("notify", "test", "office")
        #expect(test.hasPrefix("test message delivered to 'office'"))
        let content = (receiver.requests.first?.json["markdown"] as? [String: Any])?["content"] as? String
        #expect(content == "**测试消息**\n> 来自 ParkDesk 的测试通知\n> 渠道: office")
        let rows = try await cli.run("notify", "list")
        #expect(rows.contains("测试消息 test\toffice\t-\t已送达 delivered\t1"))
        try await cli.run("notify", "channel", "disable", "office")
        #expect(try await cli.run("notify", "channel", "list").contains("停用 off"))
        try await cli.run("notify", "channel", "enable", "office")
        try await cli.run("notify", "channel", "remove", "office")
        #expect(try await cli.count("notify_channels") == 0)
        #expect(try await cli.count("notify_outbox") == 0)
        receiver.stop()
    }

    @Test func badChannelsAndFailedTestsSayWhyInOneLine() async throws {
        let failing = try await TestReceiver.start { _, _ in (200, #"{"errcode":93000,"errmsg":"invalid webhook url"}"#)
        }
        let cli = try await CLIHarness.make("notifybad")
        #expect(
            await cli.failure("notify", "channel", "add", "x", "--kind", "qq", "--url", "https://a")?
                .contains("--kind must be one of") == true)
        #expect(
            await cli.failure("notify", "channel", "add", "x", "--kind", "webhook", "--url", "https://a.cn/h")
                == "--secret: is required for a webhook: receivers check the signature made with it")
        #expect(
            await cli.failure(
                "notify", "channel", "add", "x", "--kind", "feishu", "--url", "https://a.cn/h", "--events",
                "lead.lost")?.contains("unknown event 'lead.lost'") == true)
        #expect(
            await cli.failure(
                "notify", "channel", "add", "x", "--kind", "feishu", "--url", "https://a.cn/h", "--agent", "nobody")
                == "--agent: there is no active staff member 'nobody'")
        try await cli.run("notify", "channel", "add", "group", "--kind", "wecom", "--url", failing.url)
        #expect(
            await cli.failure("notify", "channel", "add", "group", "--kind", "wecom", "--url", failing.url)
                == "--name: a channel named 'group' exists already")
        let failure = await cli.failure("notify", "test", "group")
        #expect(failure?.contains("was not delivered: 企业微信群机器人 refused: code 93000 invalid webhook url") == true)
        #expect(await cli.failure("notify", "test", "nothing")?.contains("nothing") == true)
        #expect(await cli.failure("notify", "retry") == "--ids: name the rows to retry, or all dead ones")
        #expect(await cli.failure("notify", "list", "--state", "lost") == "--state: must be pending, delivered or dead")
        try await cli.run("notify", "channel", "remove", "group")
        #expect(await cli.failure("notify", "digest") == "no channel takes the daily digest (digest.daily)")
        failing.stop()
    }

    /// `serve` killed with SIGKILL while its worker waits on a slow receiver, then started again: every event
    /// arrives at least once, and each id the receiver dedupes on belongs to one event.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: ServeProcessTests.binary)))
    func killingServeMidDeliveryLosesNothing() async throws {
        let receiver = try await TestReceiver.start(TestReceiver.answering(after: .milliseconds(150)))
        let cli = try await CLIHarness.make("notifykill")
        try await cli.run(
            "notify", "channel", "add", "crm", "--kind", "webhook", "--url", receiver.url, "--secret", "k")
        try await cli.execute(
            """
            SELECT count(*) FROM generate_series(0, 39) AS n,
              LATERAL capture_lead(jsonb_build_object('mobile', '1370000' || lpad(n::text, 4, '0'),
                                                      'contact_name', '客户' || n, 'source', 'hotline',
                                                      'created_by', 't'),
                                   jsonb_build_object('receipt', gen_random_uuid(), 'source', 'hotline',
                                                      'entered_by', 't'), 30)
            """)
        let events = Set(try await cli.column("SELECT event_id::text FROM notify_outbox"))
        #expect(events.count == 40)
        let port = Int.random(in: 20_000..<40_000)
        func start() throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ServeProcessTests.binary)
            process.arguments = ["serve", "--port", String(port), "--log-level", "error"]
            var environment = ProcessInfo.processInfo.environment
            environment["DATABASE_URL"] = cli.url
            environment["PARKDESK_NOTIFY_TIMEOUT_MS"] = "1000"  // the lease: 6 s
            environment["PARKDESK_NOTIFY_CONCURRENCY"] = "2"  // 40 × 150 ms / 2: the kill comes mid-delivery
            environment["PARKDESK_DIGEST_HOUR"] = "off"
            process.environment = environment
            try process.run()
            return process
        }
        let first = try start()
        #expect(try await receiver.wait(for: .seconds(60)) { $0.count >= 3 })
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let beforeRestart = receiver.requests.count
        #expect(beforeRestart < 40, "everything was delivered before the kill")
        let second = try start()
        let allArrived = try await receiver.wait(for: .seconds(90)) { _ in events.isSubset(of: Set(receiver.eventIDs)) }
        for _ in 0..<100 {
            if try await cli.column("SELECT state::text FROM notify_outbox WHERE state <> 'delivered'").isEmpty {
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        second.terminate()
        second.waitUntilExit()
        #expect(allArrived, "missing: \(events.subtracting(receiver.eventIDs).count)")
        #expect(Set(receiver.eventIDs).isSubset(of: events))
        #expect(try await cli.column("SELECT state::text FROM notify_outbox WHERE state <> 'delivered'").isEmpty)
        receiver.stop()
    }
}
