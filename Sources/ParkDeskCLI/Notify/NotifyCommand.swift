import ArgumentParser
import Foundation
import Logging
import ParkDeskCore
import ParkDeskNotify
import ParkDeskStore
import ServiceLifecycle
import UnixSignals

/// `parkdesk notify …`: channels, the outbox, test messages and a delivery process of its own.
struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Notification channels (WeCom, DingTalk, Feishu, webhooks) and the outbox.",
        discussion: """
            `serve` delivers notifications itself; `notify run` is the same delivery as a process of its own.

            Examples:
              parkdesk notify channel add office --kind wecom \\
                  --url 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'
              parkdesk notify test office
              parkdesk notify list --state dead
              parkdesk notify retry --all-dead
            """,
        subcommands: [
            NotifyChannelCommand.self, NotifyList.self, NotifyRetry.self, NotifyTest.self, NotifyRun.self,
            NotifyDigest.self,
        ])
}

/// The settings, with a bad value reported as a one-line CLI error.
func notificationSettings() throws -> NotificationSettings {
    do { return try NotificationSettings.fromEnvironment(CLIContext.environment) } catch let error
        as ConfigurationError
    {
        throw CLIError(error.description)
    }
}

struct NotifyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List outbox rows, newest first (counts per state on standard error).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "pending, delivered or dead.") var state: String?
    @Option(help: "Most rows to show (default 50).") var limit = 50

    func run() async throws {
        let (entries, depth) = try await global.withDatabase { database in
            (
                try await database.notifications.entries(state: state, limit: limit),
                try await database.notifications.depth()
            )
        }
        var lines = ["编号 id\t事件 event\t渠道 channel\t对象 about\t状态 state\t次数 attempts\t时间 created\t错误 error"]
        for entry in entries {
            let state =
                switch entry.state {
                case "pending": "待发 pending"
                case "delivered": "已送达 delivered"
                default: "失败 dead"
                }
            lines.append(
                [
                    String(entry.id), "\(entry.event.label) \(entry.event.rawValue)", entry.channel ?? "(匹配 matching)",
                    entry.about ?? "-", state, String(entry.attempts), LocalTime.minutes(entry.createdAt),
                    entry.lastError ?? "",
                ].joined(separator: "\t"))
        }
        CLIContext.print(lines.joined(separator: "\n"))
        CLIContext.printError(
            "待发 pending \(depth["pending"] ?? 0) · 已送达 delivered \(depth["delivered"] ?? 0) · "
                + "失败 dead \(depth["dead"] ?? 0)"
        )
    }
}

struct NotifyRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Send dead letters again.",
        discussion: "Examples:\n  parkdesk notify retry 41 42\n  parkdesk notify retry --all-dead")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Outbox row ids (see `notify list --state dead`).") var ids: [Int64] = []
    @Flag(help: "Every dead letter.") var allDead = false

    func run() async throws {
        let count = try await global.withDatabase { database in
            try await database.notifications.retry(ids: ids, allDead: allDead, actor: CLIContext.actor)
        }
        CLIContext.print("\(count) row(s) queued again")
    }
}

struct NotifyTest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Send a test message to a channel now and say whether it arrived.",
        discussion: "Example:\n  parkdesk notify test office")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The channel's name.") var channel: String

    func run() async throws {
        var settings = try notificationSettings()
        settings.retry.base = .seconds(3600)  // a failed test waits for the next test or a worker
        let testing = settings
        let entry: NotificationStore.Entry? = try await global.withDatabase { database in
            let row = try await database.notifications.enqueueTest(channel: channel)
            let worker = NotificationWorker(store: database.notifications, settings: testing, logger: database.logger)
            let deadline = ContinuousClock.now + testing.timeout + .seconds(5)
            while ContinuousClock.now < deadline {
                try await worker.deliverDue()
                if let entry = try await database.notifications.entries(state: nil, id: row, limit: 1).first,
                    entry.state != "pending" || entry.lastError != nil
                {
                    return entry
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            return try await database.notifications.entries(state: nil, id: row, limit: 1).first
        }
        guard let entry, entry.state == "delivered" else {
            throw CLIError("the test message to '\(channel)' was not delivered: \(entry?.lastError ?? "no answer yet")")
        }
        CLIContext.print("test message delivered to '\(channel)' (event \(entry.eventID.uuidString.lowercased()))")
    }
}

struct NotifyRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Deliver notifications until SIGTERM/SIGINT (as `serve` does).",
        discussion: "Several `notify run` and `serve` processes on one database never deliver a row twice.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let settings = try notificationSettings()
        let logger = try global.makeLogger(default: .info)
        try await withDatabase(logger: logger) { database in
            let worker = NotificationWorker(store: database.notifications, settings: settings, logger: logger)
            let group = ServiceGroup(
                configuration: .init(
                    services: [.init(service: worker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            logger.info("Delivering notifications")
            try await group.run()
        }
    }
}

struct NotifyDigest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest", abstract: "Queue today's daily digest now, whatever the hour.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let settings = try notificationSettings()
        let queued = try await global.withDatabase { database in
            try await database.notifications.queueDigestIfDue(
                hour: 0, staleDays: settings.staleDays, expireDays: settings.expireDays, force: true)
        }
        guard queued else { throw CLIError("no channel takes the daily digest (digest.daily)") }
        CLIContext.print("daily digest queued")
    }
}
