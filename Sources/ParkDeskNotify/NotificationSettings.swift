import Foundation
public import ParkDeskCore
public import ParkDeskStore

/// How notifications are delivered (README's Configuration lists the variables).
public struct NotificationSettings: Sendable {
    /// Whether `serve` runs delivery workers (`PARKDESK_NOTIFY`: on/off; `notify run` always does).
    public var enabled = true
    /// Longest one send may take, connection included (`PARKDESK_NOTIFY_TIMEOUT_MS`).
    public var timeout: Duration = .seconds(10)
    /// How often an idle worker looks for due rows (`PARKDESK_NOTIFY_POLL_MS`).
    public var pollInterval: Duration = .milliseconds(500)
    /// Back-off and dead-lettering (`PARKDESK_NOTIFY_RETRY_BASE_MS`, `PARKDESK_NOTIFY_MAX_AGE_MINUTES`).
    public var retry = DeliveryRetry()
    /// Rows a channel's lane claims at a time.
    public var batchSize = 32
    /// Requests to one webhook channel in flight at once, per process (`PARKDESK_NOTIFY_CONCURRENCY`): a receiver 40
    /// ms away takes 25 rows a second one by one, 200 eight at a time. Group robots take one message at a time.
    public var concurrency = 8
    /// How often a worker reads the channels again (a channel added, disabled or changed gets its lane then).
    public var channelRefresh: Duration = .seconds(1)
    /// The match score (0–100) a lead needs to hear of a listing (`PARKDESK_MATCH_THRESHOLD`).
    public var matchThreshold = 70
    /// The hour (Asia/Shanghai) the daily digest goes out; nil: no digest (`PARKDESK_DIGEST_HOUR`, `off`).
    public var digestHour: Int? = 8
    /// Open leads untouched this long are listed in the digest (`PARKDESK_DIGEST_STALE_DAYS`).
    public var staleDays = 3
    /// Listings expire after this many days without an update (`PARKDESK_EXPIRE_DAYS`).
    public var expireDays = 180
    /// The public website's address, for links (`PARKDESK_PUBLIC_URL`).
    public var site = "http://127.0.0.1:8080"

    /// A worker starts sends for the rows it claimed until this long after claiming them; the rest go back to the
    /// outbox, due at once. A webhook's rows are sent one by one, and 32 of them to a slow receiver would outlast
    /// the lease: given up unrecorded, claimed again, sent again — the first rows forever, the last never.
    public var sendWindow: Duration { .seconds(3) }

    /// A claimed row is safe from other workers this long: a send started within the window ends within the time
    /// limit, with room to record it.
    public var lease: Duration { sendWindow + timeout + .seconds(2) }

    public init() {}

    public static func fromEnvironment(_ environment: [String: String]) throws -> NotificationSettings {
        var settings = NotificationSettings()
        let env = SettingsReader(environment: environment)
        switch environment["PARKDESK_NOTIFY"]?.lowercased() {
        case nil, "", "on", "1", "true": settings.enabled = true
        case "off", "0", "false": settings.enabled = false
        case let other?: throw ConfigurationError(description: "PARKDESK_NOTIFY must be on or off, not '\(other)'.")
        }
        if let ms = try env.integer("PARKDESK_NOTIFY_TIMEOUT_MS", 100...300_000) {
            settings.timeout = .milliseconds(ms)
        }
        settings.concurrency = try env.integer("PARKDESK_NOTIFY_CONCURRENCY", 1...64) ?? settings.concurrency
        if let ms = try env.integer("PARKDESK_NOTIFY_POLL_MS", 10...60_000) {
            settings.pollInterval = .milliseconds(ms)
        }
        if let ms = try env.integer("PARKDESK_NOTIFY_RETRY_BASE_MS", 10...3_600_000) {
            settings.retry.base = .milliseconds(ms)
        }
        if let minutes = try env.integer("PARKDESK_NOTIFY_MAX_AGE_MINUTES", 1...525_600) {
            settings.retry.maxAge = .seconds(minutes * 60)
        }
        settings.matchThreshold = try env.integer("PARKDESK_MATCH_THRESHOLD", 0...100) ?? settings.matchThreshold
        if environment["PARKDESK_DIGEST_HOUR"]?.lowercased() == "off" {
            settings.digestHour = nil
        } else {
            settings.digestHour = try env.integer("PARKDESK_DIGEST_HOUR", 0...23) ?? settings.digestHour
        }
        settings.staleDays = try env.integer("PARKDESK_DIGEST_STALE_DAYS", 1...365) ?? settings.staleDays
        settings.expireDays = try env.integer("PARKDESK_EXPIRE_DAYS", 1...36_500) ?? settings.expireDays
        if let site = environment["PARKDESK_PUBLIC_URL"], !site.isEmpty { settings.site = site }
        return settings
    }
}
