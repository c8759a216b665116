public import Logging
import ParkDeskCore
public import ParkDeskStore
public import ServiceLifecycle
import Foundation
import Synchronization

/// Delivers the outbox: a service of `serve` (and all of `notify run`). Each channel is its own queue with its own
/// lane: the lane claims that channel's due rows and sends them — a webhook's up to `concurrency` at once, a group
/// robot's several rows as one message within its budget of messages a minute — and records each outcome, so a
/// channel that hangs, answers slowly or fails delays only itself. Matching jobs have a lane of their own; the
/// daily digest is queued when due.
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

    /// On graceful shutdown the lanes stop claiming and finish the sends in flight (each within the time limit);
    /// rows a cancelled send leaves are claimed again when their lease ends. A pass is given up after one lease
    /// (`settings.lease`), and at once when the worker is cancelled: a statement on a connection that no longer
    /// answers (a database server killed mid-query) ignores cancellation, and would otherwise hold its lane, and
    /// the shutdown, forever.
    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await superviseLanes() }
            group.addTask { await deliverForever(.matching) }
            if settings.digestHour != nil { group.addTask { await digestForever() } }
        }
    }

    /// Keeps one lane running per enabled channel: starts lanes for new channels, and ends (or restarts) the lane
    /// of a channel that was removed, disabled or changed. The channels are read again every `channelRefresh`. On
    /// graceful shutdown it waits for the lanes to finish their passes; cancelled, it cancels them.
    func superviseLanes() async {
        let lanes = Mutex<[Int: (channel: NotificationChannel, task: Task<Void, Never>)]>([:])
        await withTaskCancellationHandler {
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                if let channels = try? await Deadline.run(within: settings.lease, { try await store.channels() }) {
                    let wanted = Dictionary(uniqueKeysWithValues: channels.filter(\.enabled).map { ($0.id, $0) })
                    lanes.withLock { lanes in
                        // cancelled while the channels were read: `onCancel` has run (or runs after this), and a
                        // lane started now would never be cancelled (a busy machine showed it, DeliveryTests)
                        guard !Task.isCancelled else { return }
                        for (id, lane) in lanes where wanted[id] != lane.channel {
                            lane.task.cancel()
                            lanes[id] = nil
                        }
                        for (id, channel) in wanted where lanes[id] == nil {
                            lanes[id] = (channel, Task { await deliverForever(.channel(id)) })
                        }
                    }
                }
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: settings.channelRefresh) }
            }
            for lane in lanes.withLock({ Array($0.values) }) { await lane.task.value }
        } onCancel: {
            lanes.withLock { lanes in lanes.values.forEach { $0.task.cancel() } }
        }
    }

    /// One queue's lane: claims and delivers until shutdown (or until its task is cancelled); a database that is
    /// away is waited for.
    func deliverForever(_ queue: NotificationStore.Queue) async {
        var failing = false
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var pause = settings.pollInterval
            do {
                let claimed = try await Deadline.run(within: settings.lease) { try await deliverDue(queue) }
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

    /// One pass over every queue, side by side (for `notify test` and tests): returns the rows claimed.
    @discardableResult
    public func deliverDue() async throws -> Int {
        let queues = try await store.channels().filter(\.enabled).map { NotificationStore.Queue.channel($0.id) }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            for queue in queues + [.matching] { group.addTask { try await deliverDue(queue) } }
            return try await group.reduce(0, +)
        }
    }

    /// Claims one batch of one queue's due rows and delivers it; returns how many rows it claimed.
    @discardableResult
    public func deliverDue(_ queue: NotificationStore.Queue) async throws -> Int {
        let sendsEnd = ContinuousClock.now + settings.sendWindow
        let claimed = try await store.claim(queue, limit: settings.batchSize, lease: settings.lease)
        guard let channel = claimed.first?.channel else {
            for job in claimed {
                let alerted = try await store.expandMatching(job, threshold: settings.matchThreshold)
                if alerted > 0 { logger.info("Matching alerts queued", metadata: ["leads": "\(alerted)"]) }
            }
            return claimed.count
        }
        if channel.kind == .webhook {
            try await sendOneByOne(claimed, to: channel, until: sendsEnd)
        } else {
            // a group robot takes the rows as one message (what does not fit is due again at once)
            try await store.delivered(try await send(claimed, to: channel).sent)
        }
        return claimed.count
    }

    /// A webhook's rows, each its own request, up to `settings.concurrency` in flight; each row is marked as soon as
    /// it is sent, and a row that fails is due again on its own back-off schedule. A receiver that answers "not
    /// now" for one row (a 5xx) still gets the others; one that does not answer at all (down, hanging) or asks to
    /// wait (`Retry-After`) gets no new send, and the rest wait as long (a hanging receiver holds the lane for one
    /// time limit, not one per row); past the send window the rest are due again at once.
    func sendOneByOne(
        _ claimed: [NotificationStore.Delivery], to channel: NotificationChannel, until end: ContinuousClock.Instant
    )
        async throws
    {
        var next = 0
        var stopped: Duration?
        try await withThrowingTaskGroup(of: (sent: [Int64], wait: Duration?).self) { group in
            while next < min(settings.concurrency, claimed.count) {
                let delivery = claimed[next]
                group.addTask { try await send([delivery], to: channel) }
                next += 1
            }
            for try await result in group {
                try await store.delivered(result.sent)
                if stopped == nil, let wait = result.wait { stopped = wait }
                if stopped == nil && ContinuousClock.now >= end { stopped = .zero }
                if stopped == nil && next < claimed.count {
                    let delivery = claimed[next]
                    group.addTask { try await send([delivery], to: channel) }
                    next += 1
                }
            }
        }
        try await store.postpone(Array(claimed[next...]), by: stopped ?? .zero)
    }

    /// Sends rows to one channel as one message and records a failure; returns the rows sent (for the caller
    /// to mark), or the wait before the channel's next try (nil: the channel need not wait).
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
            let wait = try await retry(deliveries, of: channel, reason: reason, after: after)
            // an answer means the receiver is there: the channel waits only when it was asked to
            return ([], after.map { _ in wait })
        case .unreachable(let reason):
            return ([], try await retry(deliveries, of: channel, reason: reason, after: nil))
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

    /// Records a failed send of `deliveries`, each due again on its own back-off (at least `after`); returns the
    /// longest wait.
    private func retry(
        _ deliveries: [NotificationStore.Delivery], of channel: NotificationChannel, reason: String, after: Duration?
    ) async throws -> Duration {
        var wait = Duration.zero
        for delivery in deliveries {
            let backoff = settings.retry.delay(afterAttempt: delivery.attempt, random: Double.random(in: 0..<1))
            let due = max(backoff, after ?? .zero)
            wait = max(wait, due)
            try await store.failed(delivery, error: reason, retryAfter: due, dead: false, maxAge: settings.retry.maxAge)
        }
        logger.notice(
            "Notification not delivered; will retry",
            metadata: ["channel": "\(channel.name)", "rows": "\(deliveries.count)", "reason": "\(reason)"])
        return wait
    }
}
