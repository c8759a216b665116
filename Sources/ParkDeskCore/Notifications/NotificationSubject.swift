import Foundation

/// What a notification is about, read from the live rows when it is sent (`notify_subject()` in SQL): the lead
/// and the listing as they are now, so that an erased lead's message names nobody. Figures are text, as stored.
public struct NotificationSubject: Sendable, Decodable, Equatable {
    public var lead: LeadFacts?
    public var listing: ListingFacts?

    public init(lead: LeadFacts? = nil, listing: ListingFacts? = nil) {
        (self.lead, self.listing) = (lead, listing)
    }

    /// The lead's need, contact and, for an inquiry, the inquiry itself.
    public struct LeadFacts: Sendable, Decodable, Equatable {
        public var ref: String
        public var source: LeadSource?
        public var kinds: [ListingKind]?
        public var deal: DealType?
        public var minArea: String?
        public var maxArea: String?
        public var budget: String?
        public var budgetUnit: PriceUnit?
        public var districts: [String]?
        public var parks: [String]?
        public var minCraneTons: String?
        public var moveIn: String?
        public var intendedUse: String?
        public var expectedTax: String?
        public var investment: String?
        public var company: String?
        public var contactName: String?
        public var mobile: String?
        public var needText: String?
        public var inquiries: Int?
        public var listingRef: String?
        public var assignee: String?
        public var erased: Bool?
        public var inquiry: Inquiry?

        public init(ref: String) { self.ref = ref }

        public struct Inquiry: Sendable, Decodable, Equatable {
            public var source: LeadSource?
            public var message: String?
            public var listingRef: String?
        }
    }

    /// The listing as the public sees it.
    public struct ListingFacts: Sendable, Decodable, Equatable {
        public var ref: String
        public var title: String
        public var kind: ListingKind?
        public var deal: DealType?
        public var status: ListingStatus?
        public var district: String?
        public var park: String?
        public var area: String?
        public var priceAmount: String?
        public var priceUnit: PriceUnit?
        public var craneTons: String?

        public init(ref: String, title: String) { (self.ref, self.title) = (ref, title) }
    }
}

/// What an outbox row itself records (never personal data): which history entry, the old price, the matched
/// leads with their reasons, a bulk publication's count, a digest's figures.
public struct NotificationDetail: Sendable, Codable, Equatable {
    public var history: Int64?
    /// The agent a lead was assigned to (a token's name), as at the assignment.
    public var assignee: String?
    public var oldAmount: String?
    public var oldUnit: PriceUnit?
    public var count: Int?
    public var refs: [String]?
    public var leads: [MatchedLead]?
    public var digest: Digest?
    public var channel: String?

    public init() {}

    /// A lead a listing fits, with the score's reasons.
    public struct MatchedLead: Sendable, Codable, Equatable {
        public var ref: String
        public var score: Int
        public var reasons: [String]

        public init(ref: String, score: Int, reasons: [String]) {
            (self.ref, self.score, self.reasons) = (ref, score, reasons)
        }
    }

    /// The daily digest's figures, counted by PostgreSQL when the digest is due.
    public struct Digest: Sendable, Codable, Equatable {
        public var day: String
        public var newLeads: Int
        public var newBySource: [String: Int]
        public var staleDays: Int
        public var stale: [StaleGroup]
        public var expiring: Int
        public var expiringRefs: [String]

        public init(
            day: String, newLeads: Int, newBySource: [String: Int], staleDays: Int, stale: [StaleGroup],
            expiring: Int, expiringRefs: [String]
        ) {
            (self.day, self.newLeads, self.newBySource, self.staleDays) = (day, newLeads, newBySource, staleDays)
            (self.stale, self.expiring, self.expiringRefs) = (stale, expiring, expiringRefs)
        }
    }

    /// Open leads untouched for the digest's number of days, by status and agent.
    public struct StaleGroup: Sendable, Codable, Equatable {
        public var status: LeadStatus
        public var assignee: String?
        public var count: Int

        public init(status: LeadStatus, assignee: String?, count: Int) {
            (self.status, self.assignee, self.count) = (status, assignee, count)
        }
    }
}
