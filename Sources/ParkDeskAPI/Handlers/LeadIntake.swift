import Foundation
import HTTPTypes
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore

/// The website's way in for leads: rate limit per client address, bot traps, idempotency keys, then the
/// capture. Bots get the same answer as people, so they cannot tell that they were caught.
struct LeadIntake: Sendable {
    let leads: LeadStore
    let limiter: RateLimiter?
    let minFillMillis: Int

    struct Receipt: Sendable {
        var receipt: UUID
        var receivedAt: Date
        var replayed: Bool
    }

    func receive(
        _ body: Components.Schemas.WebInquiry, idempotencyKey: String?, clientAddress: String?
    ) async throws -> Receipt {
        if let key = idempotencyKey,
            !(1...255).contains(key.utf8.count) || !key.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
        {
            throw Problem.badRequest(field: "Idempotency-Key", "must be 1–255 visible ASCII characters, e.g. a UUID")
        }
        if let millis = body.fillMillis, !(0...86_400_000).contains(millis) {
            throw Problem.badRequest(
                field: "fillMillis", "must be the milliseconds between showing and sending the form (0–86400000)")
        }
        if let limiter, let clientAddress, let wait = try await limiter.admit("lead:" + clientAddress) {
            throw Problem.tooManyRequests(retryAfter: wait)
        }
        // Checked before the bot traps, so that a request the document forbids is never answered 201.
        let lead = try LeadMapping.validated(try LeadMapping.draft(from: body, source: .web))
        if let trap = body.website, !trap.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return try await drop("honeypot")
        }
        if let millis = body.fillMillis, millis < minFillMillis {
            return try await drop("too-fast")
        }
        let arrival = LeadStore.Arrival(actor: "web", clientIP: clientAddress, audited: false)
        guard let idempotencyKey else {
            let capture = try await leads.capture(lead, arrival: arrival)
            return Receipt(receipt: capture.receipt, receivedAt: capture.receivedAt, replayed: false)
        }
        switch try await leads.capture(
            lead, arrival: arrival, key: .init(idempotencyKey, body: try Self.canonical(body)))
        {
        case .captured(let capture):
            return Receipt(receipt: capture.receipt, receivedAt: capture.receivedAt, replayed: false)
        case .replay(let receipt, let receivedAt):
            return Receipt(receipt: receipt, receivedAt: receivedAt, replayed: true)
        case .mismatch:
            throw Problem(
                status: .unprocessableContent, type: "idempotency-key-reused", title: "Idempotency key reused",
                detail: "This Idempotency-Key was sent before with a different body; use a new key for a new inquiry.")
        case .inFlight:
            var problem = Problem(
                status: .conflict, type: "idempotency-key-in-flight", title: "Request in progress",
                detail: "A request with this Idempotency-Key is being handled; retry shortly for its answer.")
            problem.retryAfter = 1
            throw problem
        }
    }

    /// A caught bot: counted, nothing stored, an answer like any other.
    func drop(_ reason: String) async throws -> Receipt {
        try await leads.countDroppedPost(reason: reason)
        return Receipt(receipt: UUID(), receivedAt: Date(), replayed: false)
    }

    /// The body in one spelling (sorted keys), so that the same inquiry hashes the same however it was sent.
    static func canonical(_ body: Components.Schemas.WebInquiry) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(body)
    }
}
