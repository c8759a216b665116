public import Foundation
import Metrics
public import ParkDeskCore
public import ParkDeskStore

/// The public's way in for leads, shared by the website's form and the API's inquiry endpoint: rate limit per
/// client address, the field rules, bot traps, then the capture (with an idempotency key, once). Bots get the
/// same answer as people, so they cannot tell that they were caught.
public struct LeadIntake: Sendable {
    let leads: LeadStore
    let limiter: RateLimiter?
    let minFillMillis: Int

    public init(leads: LeadStore, limiter: RateLimiter?, minFillMillis: Int) {
        (self.leads, self.limiter, self.minFillMillis) = (leads, limiter, minFillMillis)
    }

    /// What a visitor sent: the lead as typed, the traps, and the key that makes a resend harmless.
    public struct Submission: Sendable {
        public var draft: LeadDraft
        /// The hidden field people leave empty.
        public var honeypot: String?
        /// Milliseconds between showing the form and sending it, when known.
        public var fillMillis: Int?
        public var idempotencyKey: String?
        /// A form sent again with other contents under its key (back, edit, send) is a follow-up inquiry, taken
        /// under a key of its own, instead of a refusal.
        public var revisable = false
        /// The submission in one spelling, so that the same inquiry resent under its key is recognised.
        public var canonicalBody: Data
        public var clientAddress: String?

        public init(draft: LeadDraft, canonicalBody: Data) {
            (self.draft, self.canonicalBody) = (draft, canonicalBody)
        }
    }

    /// The visitor's receipt; `replayed` when the key had been used for this very inquiry before.
    public struct Receipt: Sendable, Equatable {
        public var receipt: UUID
        public var receivedAt: Date
        public var replayed: Bool
    }

    /// Why a submission was not taken (field errors are `ValidationFailed`).
    public enum Refusal: Error, Sendable, Equatable {
        /// Too many submissions from this address; try again after this many seconds.
        case rateLimited(retryAfter: Int)
        /// The key came before with another inquiry.
        case keyReused
        /// The key's first request is still being handled.
        case keyInFlight
    }

    public func receive(_ submission: Submission) async throws -> Receipt {
        if let limiter, let address = submission.clientAddress, let wait = try await limiter.admit("lead:" + address) {
            Self.count("rate-limited")
            throw Refusal.rateLimited(retryAfter: wait)
        }
        // Checked before the bot traps, so that input the rules refuse is never answered as taken.
        let lead = try submission.draft.validated()
        if let trap = submission.honeypot, !trap.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return try await drop("honeypot")
        }
        if let millis = submission.fillMillis, millis < minFillMillis {
            return try await drop("too-fast")
        }
        let arrival = LeadStore.Arrival(actor: "web", clientIP: submission.clientAddress, audited: false)
        guard let key = submission.idempotencyKey else {
            let capture = try await leads.capture(lead, arrival: arrival)
            Self.count(capture.attached ? "attached" : "captured")
            return Receipt(receipt: capture.receipt, receivedAt: capture.receivedAt, replayed: false)
        }
        var outcome = try await leads.capture(lead, arrival: arrival, key: .init(key, body: submission.canonicalBody))
        if outcome == .mismatch && submission.revisable {
            let revised = key + "~" + IdempotencyKeys.Key.digest(submission.canonicalBody)
            outcome = try await leads.capture(
                lead, arrival: arrival, key: .init(revised, body: submission.canonicalBody))
        }
        switch outcome {
        case .captured(let capture):
            Self.count(capture.attached ? "attached" : "captured")
            return Receipt(receipt: capture.receipt, receivedAt: capture.receivedAt, replayed: false)
        case .replay(let receipt, let receivedAt):
            Self.count("replayed")
            return Receipt(receipt: receipt, receivedAt: receivedAt, replayed: true)
        case .mismatch:
            throw Refusal.keyReused
        case .inFlight:
            throw Refusal.keyInFlight
        }
    }

    /// A caught bot: counted, nothing stored, an answer like any other.
    func drop(_ reason: String) async throws -> Receipt {
        Self.count("dropped-" + reason)
        try await leads.countDroppedPost(reason: reason)
        return Receipt(receipt: UUID(), receivedAt: Date(), replayed: false)
    }

    /// `parkdesk_leads_total{outcome}` in `/metrics` (through swift-metrics: a no-op until `serve` bootstraps it):
    /// captured (a new lead), attached (an inquiry on the open lead of the same person), replayed (a key seen
    /// before), rate-limited, dropped-honeypot, dropped-too-fast.
    static func count(_ outcome: String) {
        Counter(label: "parkdesk_leads_total", dimensions: [("outcome", outcome)]).increment()
    }
}
