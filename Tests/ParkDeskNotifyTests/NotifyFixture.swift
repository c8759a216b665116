import Foundation
import Logging
import ParkDeskCore
import ParkDeskNotify
import ParkDeskSeed
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO

/// A migrated test database with the demo listings, and what notification tests do with it.
struct NotifyFixture {
    let config: PostgresClient.Configuration

    static func make(_ prefix: String, demo: Bool = false) async throws -> NotifyFixture {
        NotifyFixture(config: try await TestDatabase.shared.fresh(prefix, demo: demo))
    }

    /// A fresh database (with the demo listings when `demo`) for `body`; then the receivers stop.
    static func run(
        _ prefix: String, demo: Bool = false, stopping receivers: [TestReceiver],
        _ body: @Sendable (Database) async throws -> Void
    ) async throws {
        defer { for receiver in receivers { receiver.stop() } }
        try await make(prefix, demo: demo).database(body)
    }

    /// A fresh database with the webhook "crm" (secret "k") pointing at `receiver`, for `body`; then the receiver
    /// stops.
    static func withWebhook(
        _ prefix: String, _ receiver: TestReceiver, _ body: @Sendable (Database) async throws -> Void
    ) async throws {
        defer { receiver.stop() }
        try await make(prefix).database { database in
            try await channel(database, "crm", .webhook, url: receiver.url, secret: "k")
            try await body(database)
        }
    }

    func database<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        try await withClient(config) { try await body(Database(client: $0, logger: TestDatabase.logger)) }
    }

    /// Fast settings for tests: short time limit, retries after tens of milliseconds.
    static func settings(timeout: Duration = .seconds(3)) -> NotificationSettings {
        var settings = NotificationSettings()
        settings.timeout = timeout
        settings.retry = DeliveryRetry(base: .milliseconds(20), cap: .milliseconds(200), maxAge: .seconds(3600))
        settings.digestHour = nil
        settings.site = "https://zs.example.cn"
        return settings
    }

    static func worker(_ database: Database, _ settings: NotificationSettings = settings()) -> NotificationWorker {
        NotificationWorker(store: database.notifications, settings: settings, logger: TestDatabase.logger)
    }

    /// Adds a channel that hears every event.
    @discardableResult
    static func channel(
        _ database: Database, _ name: String, _ kind: NotificationChannelKind, url: String, secret: String? = nil,
        events: [NotificationEvent] = [], agent: String? = nil, fullMobile: Bool = false, perMinute: Int? = nil
    ) async throws -> NotificationChannel {
        var draft = NotificationChannelDraft(
            name: name, kind: kind, url: url, secret: secret, events: events, agent: agent, fullMobile: fullMobile)
        draft.perMinute = perMinute
        return try await database.notifications.addChannel(draft, actor: "test")
    }

    /// A caller's lead: a factory to rent in 湘潭县, 3000–5000 m², a 10 t crane.
    static func lead(mobile: String, name: String = "王经理", source: LeadSource = .hotline) throws -> ValidLead {
        var draft = LeadDraft()
        draft.contactName = name
        draft.mobile = mobile
        draft.company = "湘潭某机械有限公司"
        draft.kinds = [.factory]
        draft.deal = .rent
        draft.minArea = 3000
        draft.maxArea = 5000
        draft.districts = ["湘潭县"]
        draft.minCraneTons = 10
        draft.intendedUse = "工程机械"
        draft.expectedTax = 300
        draft.source = source
        return try draft.validated()
    }

    @discardableResult
    static func capture(
        _ database: Database, mobile: String, name: String = "王经理"
    ) async throws
        -> LeadStore.Capture
    {
        try await database.leads.capture(lead(mobile: mobile, name: name), arrival: .init(actor: "test", audited: true))
    }

    /// Runs delivery passes until nothing is due (or `timeout`).
    static func drain(_ worker: NotificationWorker, _ database: Database, timeout: Duration = .seconds(20)) async throws
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            try await worker.deliverDue()
            let pending = try await database.notifications.entries(state: "pending", limit: 1)
            if pending.isEmpty { return }
            try await Task.sleep(for: .milliseconds(30))
        }
    }

    /// One fixed SQL statement of the test's own.
    func execute(_ sql: String) async throws {
        _ = try await withClient(config) { try await $0.query(PostgresQuery(unsafeSQL: sql)) }
    }

    func count(_ sql: String) async throws -> Int {
        try await withClient(config) { client in
            for try await n in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(Int.self) { return n }
            return -1
        }
    }
}
