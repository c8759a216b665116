public import Logging
import ParkDeskCore
public import ParkDeskStore
public import ServiceLifecycle
import Foundation

/// Delivers the outbox: a service of `serve` (and all of `notify run`). Each of its workers claims due rows,
/// sends them — several rows for one group robot as one message, within the robot's budget of messages a
/// minute — and records each outcome; matching jobs become alerts; the daily digest is queued when due.
public struct NotificationWorker: Service {
    let store: NotificationStore
    let sender: NotificationSender
    let settings: NotificationSettings
    let logger: Logger

    public init(store: NotificationStore, settings: NotificationSettings, logger: Logger) {
        self.store = store
        self.sender = NotificationSender(timeout: settings.timeout)
        self.settings = settings
        self.logger = logger
    }

    /// On graceful shutdown the workers stop claiming and finish the sends in flight (each within the time
    /// limit); rows a cancelled send leaves are claimed again when their lease ends. A batch or a digest check is
    /// given up after one lease (`settings.lease`), and at once when the worker is cancelled: a statement on a
    /// connection that no longer answers (a database server killed mid-query) ignores cancellation, and would
    /// otherwise hold its worker, and the shutdown, forever.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<settings.workers { group.addTask { await deliverForever() } }
            if settings.digestHour != nil { group.addTask { await digestForever() } }
        }
    }

    /// One worker: claims and delivers until shutdown; a database that is away is waited for.
    func deliverForever() async {
        var failing = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var pause = settings.pollInterval
            do {
                let claimed = try await Deadline.run(within: settings.lease) { try await deliverDue() }
                if failing { logger.info("Notification delivery resumed") }
                failing = false
                if claimed == settings.batchSize { continue }
            } catch {
                if !failing { logger.warning("Notification delivery paused", metadata: ["error": "\(error)"]) }
                failing = true
                pause = .seconds(1)
            }
            let wait = pause
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
        }
    }

    func digestForever() async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if let hour = settings.digestHour {
                do {
                    let (store, settings) = (store, settings)
                    let queued = try await Deadline.run(within: settings.lease) {
                        try await store.queueDigestIfDue(
                            hour: hour, staleDays: settings.staleDays, expireDays: settings.expireDays)
                    }
                    if queued {
                        logger.info("Daily digest queued")
                    }
                } catch {
                    logger.debug("Daily digest not checked", metadata: ["error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(30)) }
        }
    }

    /// Claims one batch of due rows and delivers it; returns how many rows it claimed.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let sendsEnd = ContinuousClock.now + settings.sendWindow
        let claimed = try await store.claim(limit: settings.batchSize, lease: settings.lease)
        guard !claimed.isEmpty else { return 0 }
        var sends: [(NotificationChannel, [NotificationStore.Delivery])] = []
        for delivery in claimed {
            guard let channel = delivery.channel else {
                let alerted = try await store.expandMatching(delivery, threshold: settings.matchThreshold)
                if alerted > 0 { logger.info("Matching alerts queued", metadata: ["leads": "\(alerted)"]) }
                continue
            }
            if let index = sends.firstIndex(where: { $0.0.id == channel.id }) {
                sends[index].1.append(delivery)
            } else {
                sends.append((channel, [delivery]))
            }
        }
        // channels side by side; each channel's rows in order: a group robot takes them as one message, a
        // webhook one by one (its receivers dedupe row by row). Sent rows are marked together at the end.
        let sent = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for (channel, deliveries) in sends {
                group.addTask {
                    guard channel.kind == .webhook else { return try await send(deliveries, to: channel).sent }
                    // after a failure the rest wait as long as it does (a receiver that is down or hangs holds a
                    // worker for one time limit, not one per row); past the send window they are due again at once
                    var sent: [Int64] = []
                    for (index, delivery) in deliveries.enumerated() {
                        let result = try await send([delivery], to: channel)
                        sent += result.sent
                        if let wait = result.wait ?? (ContinuousClock.now < sendsEnd ? nil : .zero) {
                            try await store.postpone(Array(deliveries[(index + 1)...]), by: wait)
                            break
                        }
                    }
                    return sent
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        try await store.delivered(sent)
        return claimed.count
    }

    /// Sends rows to one channel as one message and records a failure; returns the rows sent (for the caller
    /// to mark), or the wait before the channel's next try.
    func send(
        _ claimed: [NotificationStore.Delivery], to channel: NotificationChannel
    ) async throws
        -> (sent: [Int64], wait: Duration?)
    {
        if channel.perMinute != nil, let wait = try await store.takeBudget(channelID: channel.id) {
            try await store.postpone(claimed, by: wait)
            return ([], wait)
        }
        let all = claimed.map { delivery in
            ChannelRequest.Item(
                eventID: delivery.eventID, event: delivery.event, occurredAt: delivery.createdAt,
                attempt: delivery.attempt,
                message: NotificationMessage.render(
                    delivery.event, subject: delivery.subject, detail: delivery.detail,
                    fullMobile: channel.fullMobile, site: settings.site),
                leadRef: delivery.subject.lead?.ref, listingRef: delivery.subject.listing?.ref)
        }
        // what does not fit one message waits for the next (it is due at once)
        let fit = ChannelRequest.fitting(all, channel: channel)
        try await store.postpone(Array(claimed[fit.count...]), by: .zero)
        let (deliveries, items) = (Array(claimed[..<fit.count]), Array(all[..<fit.count]))
        let outcome = await sender.send(
            ChannelRequest.make(channel: channel, items: items, now: Date(), compact: fit.compact), kind: channel.kind)
        switch outcome {
        case .delivered:
            return (deliveries.map(\.id), nil)
        case .retry(let reason, let after):
            var wait = Duration.zero
            for delivery in deliveries {
                let backoff = settings.retry.delay(afterAttempt: delivery.attempt, random: Double.random(in: 0..<1))
                wait = max(backoff, after ?? .zero)
                try await store.failed(
                    delivery, error: reason, retryAfter: wait, dead: false, maxAge: settings.retry.maxAge)
            }
            logger.notice(
                "Notification not delivered; will retry",
                metadata: ["channel": "\(channel.name)", "rows": "\(deliveries.count)", "reason": "\(reason)"])
            return ([], wait)
        case .dead(let reason):
            for delivery in deliveries {
                try await store.failed(
                    delivery, error: reason, retryAfter: .zero, dead: true, maxAge: settings.retry.maxAge)
            }
            logger.warning(
                "Notification refused; dead-lettered",
                metadata: ["channel": "\(channel.name)", "rows": "\(deliveries.count)", "reason": "\(reason)"])
            return ([], nil)
        }
    }
}
