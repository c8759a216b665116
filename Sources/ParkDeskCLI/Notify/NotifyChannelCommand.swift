import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// `parkdesk notify channel …`: where notifications go.
struct NotifyChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel", abstract: "Add, list, remove, enable and disable notification channels.",
        subcommands: [ChannelAdd.self, ChannelList.self, ChannelRemove.self, ChannelEnable.self, ChannelDisable.self])
}

struct ChannelAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a channel.",
        discussion: """
            Kinds: wecom (企业微信群机器人), dingtalk (钉钉群机器人, signed with --secret when the robot has 加签),
            feishu (飞书群机器人, signed with --secret when it has 签名校验), webhook (our JSON webhook, always
            signed: X-ParkDesk-Signature = sha256=HMAC-SHA256(secret, timestamp + "." + body)).
            Events (default all): \(NotificationEvent.choices).

            Examples:
              parkdesk notify channel add office --kind wecom \\
                  --url 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'
              parkdesk notify channel add sales --kind dingtalk \\
                  --url 'https://oapi.dingtalk.com/robot/send?access_token=…' \\
                  --secret SEC… --keyword 招商 --events lead.captured,lead.inquiry
              parkdesk notify channel add li-phone --kind feishu \\
                  --url 'https://open.feishu.cn/open-apis/bot/v2/hook/…' --agent agent-li --full-mobile
              parkdesk notify channel add crm --kind webhook \\
                  --url https://crm.example.cn/hooks/parkdesk --secret 's3cret'
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "A name for the channel: letters, digits, . _ @ -.") var name: String
    @Option(help: "wecom, dingtalk, feishu or webhook.") var kind: String
    @Option(help: "The robot's webhook address (it holds the credential) or your receiver's.") var url: String
    @Option(help: "The robot's signing secret (DingTalk 加签, Feishu 签名校验); the webhook's HMAC key.")
    var secret: String?
    @Option(help: "A word every message carries (robots set to require a keyword refuse others).") var keyword: String?
    @Option(help: "Comma-separated events this channel hears (default all).") var events: String?
    @Option(help: "An agent token's name: the channel hears only about that agent's leads.") var agent: String?
    @Flag(help: "Show full mobile numbers (masked 138****5678 by default: groups are wide).") var fullMobile = false
    @Option(help: "Messages a minute the platform accepts (default 20 for robots, none for webhooks).")
    var perMinute: Int?

    func run() async throws {
        // 企业微信, 钉钉, 飞书 name the platforms too
        guard
            let kind = NotificationChannelKind.parse(kind)
                ?? NotificationChannelKind.allCases.first(where: { !kind.isEmpty && $0.label.hasPrefix(kind) })
        else {
            throw ValidationError("--kind must be one of \(NotificationChannelKind.choices)")
        }
        var wanted: [NotificationEvent] = []
        for word in (events ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !word.isEmpty {
            guard let event = NotificationEvent.parse(word) else {
                throw ValidationError("--events: unknown event '\(word)'; one of \(NotificationEvent.choices)")
            }
            wanted.append(event)
        }
        let draft = NotificationChannelDraft(
            name: name, kind: kind, url: url, secret: secret, keyword: keyword, events: wanted, agent: agent,
            fullMobile: fullMobile, perMinute: perMinute)
        let channel = try await global.withDatabase { database in
            try await database.notifications.addChannel(draft, actor: CLIContext.actor)
        }
        CLIContext.print("channel '\(channel.name)' added (\(channel.kind.label), \(channel.maskedURL))")
        CLIContext.printError("check it with: parkdesk notify test \(channel.name)")
    }
}

struct ChannelList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List channels (addresses masked, secrets never shown).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let channels = try await global.withDatabase { try await $0.notifications.channels() }
        var lines = ["名称 name\t类型 kind\t地址 url\t事件 events\t专员 agent\t手机号 mobile\t每分钟 per minute\t状态 state"]
        for channel in channels {
            lines.append(
                [
                    channel.name, channel.kind.label, channel.maskedURL,
                    channel.events.isEmpty ? "全部 all" : channel.events.map(\.rawValue).joined(separator: ","),
                    channel.agent ?? "-", channel.fullMobile ? "完整 full" : "打码 masked",
                    channel.perMinute.map(String.init) ?? "-", channel.enabled ? "启用 on" : "停用 off",
                ].joined(separator: "\t"))
        }
        CLIContext.print(lines.joined(separator: "\n"))
    }
}

struct ChannelRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a channel and the rows still waiting for it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The channel's name.") var name: String

    func run() async throws {
        try await global.withDatabase { try await $0.notifications.removeChannel(named: name, actor: CLIContext.actor) }
        CLIContext.print("channel '\(name)' removed")
    }
}

/// `channel enable` and `channel disable`: one switch.
protocol ChannelSwitch: AsyncParsableCommand {
    var global: GlobalOptions { get }
    var name: String { get }
    static var enabled: Bool { get }
}

extension ChannelSwitch {
    func run() async throws {
        let (name, enabled) = (name, Self.enabled)
        try await global.withDatabase {
            try await $0.notifications.setChannel(named: name, enabled: enabled, actor: CLIContext.actor)
        }
        CLIContext.print("channel '\(name)' \(Self.enabled ? "enabled" : "disabled")")
    }
}

struct ChannelEnable: ChannelSwitch {
    static let configuration = CommandConfiguration(
        commandName: "enable", abstract: "Turn a channel on again; its waiting rows go out.")
    static let enabled = true

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The channel's name.") var name: String
}

struct ChannelDisable: ChannelSwitch {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Turn a channel off; nothing new is queued for it, waiting rows wait.")
    static let enabled = false

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The channel's name.") var name: String
}
