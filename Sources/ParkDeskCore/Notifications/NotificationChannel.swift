import Foundation

/// What a notification announces.
public enum NotificationEvent: String, LabeledEnum {
    case leadCaptured = "lead.captured"
    case leadInquiry = "lead.inquiry"
    case leadAssigned = "lead.assigned"
    case listingPublished = "listing.published"
    case listingRepriced = "listing.repriced"
    case listingMatched = "listing.matched"
    case dailyDigest = "digest.daily"
    case test

    public static let typeLabel = "通知事件 notification event"

    public var label: String {
        switch self {
        case .leadCaptured: "新线索"
        case .leadInquiry: "新咨询"
        case .leadAssigned: "线索分配"
        case .listingPublished: "房源上架"
        case .listingRepriced: "房源调价"
        case .listingMatched: "房源匹配"
        case .dailyDigest: "每日简报"
        case .test: "测试消息"
        }
    }
}

/// Where a notification goes: a group robot of one of the office's chat platforms, or our signed webhook.
public enum NotificationChannelKind: String, LabeledEnum {
    case wecom, dingtalk, feishu, webhook

    public static let typeLabel = "通知渠道 channel kind"

    public var label: String {
        switch self {
        case .wecom: "企业微信群机器人"
        case .dingtalk: "钉钉群机器人"
        case .feishu: "飞书群机器人"
        case .webhook: "通用 Webhook"
        }
    }

    /// The platforms accept 20 messages a minute per robot; our webhook has no limit of its own.
    public var defaultPerMinute: Int? { self == .webhook ? nil : 20 }
}

/// A channel as staff describe it; `validated()` checks every field at once.
public struct NotificationChannelDraft: Sendable, Equatable {
    public var name: String
    public var kind: NotificationChannelKind
    public var url: String
    public var secret: String?
    public var keyword: String?
    /// Empty: every event.
    public var events: [NotificationEvent]
    /// An agent token's name: the channel then hears only about that agent's leads.
    public var agent: String?
    /// Whether messages show the full mobile number (masked otherwise).
    public var fullMobile: Bool
    public var perMinute: Int?

    public init(
        name: String, kind: NotificationChannelKind, url: String, secret: String? = nil, keyword: String? = nil,
        events: [NotificationEvent] = [], agent: String? = nil, fullMobile: Bool = false, perMinute: Int? = nil
    ) {
        (self.name, self.kind, self.url, self.secret, self.keyword) = (name, kind, url, secret, keyword)
        (self.events, self.agent, self.fullMobile) = (events, agent, fullMobile)
        self.perMinute = perMinute ?? kind.defaultPerMinute
    }

    public func validated() throws(ValidationFailed) -> NotificationChannelDraft {
        var check = FieldChecker()
        var channel = self
        channel.name = check.text(name, "name", min: 1, max: 60) ?? name
        if channel.name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._@-]{0,59}$"#, options: .regularExpression) == nil {
            check.fail("name", "must be letters, digits, '.', '_', '@' or '-' (like office-wecom)")
        }
        channel.url = url.trimmingWhitespace()
        if let parts = URLComponents(string: channel.url), ["http", "https"].contains(parts.scheme?.lowercased()),
            !(parts.host ?? "").isEmpty, channel.url.count <= 2000
        {
            if parts.scheme?.lowercased() == "http" && kind != .webhook && !Self.isLoopback(parts.host ?? "") {
                check.fail("url", "must be https:// (the platforms' robots answer on https only)")
            }
        } else {
            check.fail("url", "must be an http:// or https:// address of at most 2000 characters")
        }
        channel.secret = check.optionalText(secret, "secret", max: 200)
        if kind == .webhook && channel.secret == nil {
            check.fail("secret", "is required for a webhook: receivers check the signature made with it")
        }
        if kind == .wecom && channel.secret != nil {
            check.fail("secret", "WeCom group robots have no signing secret; the key in the URL is the credential")
        }
        channel.keyword = check.optionalText(keyword, "keyword", max: 40)
        if let perMinute, !(1...10_000).contains(perMinute) { check.fail("perMinute", "must be in 1–10000") }
        channel.events = events.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        if let failure = check.errors.first { throw ValidationFailed([failure] + check.errors.dropFirst()) }
        return channel
    }

    static func isLoopback(_ host: String) -> Bool {
        ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host.lowercased())
    }
}

/// A channel as stored.
public struct NotificationChannel: Sendable, Equatable {
    public var id: Int
    public var name: String
    public var kind: NotificationChannelKind
    public var url: String
    public var secret: String?
    public var keyword: String?
    public var events: [NotificationEvent]
    public var agent: String?
    public var fullMobile: Bool
    public var perMinute: Int?
    public var enabled: Bool

    public init(
        id: Int, name: String, kind: NotificationChannelKind, url: String, secret: String?, keyword: String?,
        events: [NotificationEvent], agent: String?, fullMobile: Bool, perMinute: Int?, enabled: Bool
    ) {
        (self.id, self.name, self.kind, self.url, self.secret, self.keyword) = (id, name, kind, url, secret, keyword)
        (self.events, self.agent, self.fullMobile, self.perMinute, self.enabled) =
            (events, agent, fullMobile, perMinute, enabled)
    }

    /// The URL with its credential hidden (robots carry it in the query or the last path segment).
    public var maskedURL: String {
        guard var parts = URLComponents(string: url) else { return "***" }
        if parts.query != nil { parts.query = "***" }
        var path = parts.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if kind != .webhook || parts.query == nil, let last = path.indices.last, path[last].count > 8 {
            path[last] = String(path[last].prefix(4)) + "***"
        }
        parts.path = path.joined(separator: "/")
        return parts.string?.removingPercentEncoding ?? "***"
    }
}
