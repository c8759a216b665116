public import Foundation

/// A lead as stored: its fields, where it is in the pipeline, who follows it up.
public struct Lead: Sendable, Equatable {
    public var id: Int64
    public var ref: String
    public var status: LeadStatus
    public var statusReason: String?
    public var fields: ValidLead
    public var consentAt: Date?
    /// The staff member following the lead up (their id and login).
    public var assigneeID: Int?
    public var assignee: String?
    /// The lead this one was merged into, if any.
    public var mergedInto: String?
    public var erasedAt: Date?
    public var createdBy: String
    public var createdAt: Date
    public var updatedAt: Date
    public var lastInquiryAt: Date
    public var inquiryCount: Int
    public var version: Int
    /// The parks the lead concerns: those it names and the park of the listing it came from.
    public var scopeParkIDs: [Int]

    public init(
        id: Int64, ref: String, status: LeadStatus, statusReason: String?, fields: ValidLead, consentAt: Date?,
        assigneeID: Int?, assignee: String?, mergedInto: String?, erasedAt: Date?, createdBy: String,
        createdAt: Date, updatedAt: Date, lastInquiryAt: Date, inquiryCount: Int, version: Int, scopeParkIDs: [Int] = []
    ) {
        self.scopeParkIDs = scopeParkIDs
        self.id = id
        self.ref = ref
        self.status = status
        self.statusReason = statusReason
        self.fields = fields
        self.consentAt = consentAt
        self.assigneeID = assigneeID
        self.assignee = assignee
        self.mergedInto = mergedInto
        self.erasedAt = erasedAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastInquiryAt = lastInquiryAt
        self.inquiryCount = inquiryCount
        self.version = version
    }

    /// What the policy needs to know of this lead.
    public var scope: LeadScope { LeadScope(assigneeID: assigneeID, parkIDs: scopeParkIDs) }

    /// The lead as `member` may see it: contact details masked unless the policy shows them.
    public func seen(by member: StaffMember) -> Lead {
        Policy.seesContact(of: scope, by: member) ? self : maskingContact()
    }

    /// The same lead with its ways of reaching the person hidden (`138****5678`), for list views and for
    /// agents the lead is not assigned to (PIPL: least personal data needed for the task).
    public func maskingContact() -> Lead {
        var copy = self
        copy.fields.mobile = fields.mobile.map(MobileNumber.masked)
        copy.fields.landline = fields.landline.map(LeadContact.maskedLandline)
        copy.fields.wechat = fields.wechat.map(LeadContact.maskedWeChat)
        copy.fields.email = fields.email.map(LeadContact.maskedEmail)
        return copy
    }
}

/// One contact from the person: the first, and each later one attached to the open lead as a duplicate.
public struct LeadInquiry: Sendable, Equatable {
    public var receipt: UUID
    public var receivedAt: Date
    public var source: LeadSource
    public var campaign: String?
    public var listingRef: String?
    public var message: String?
    public var enteredBy: String
    /// Who sent this inquiry and how to reach them (nil fields on inquiries stored before contacts were kept).
    public var contact: LeadContact
    /// The need and the intended use in the sender's words, as this inquiry gave them.
    public var needText: String?
    public var intendedUse: String?
    /// The listing the inquiry named when the public could not see it (let, sold, withdrawn, a draft, unknown).
    public var unavailableListingRef: String?

    public init(
        receipt: UUID, receivedAt: Date, source: LeadSource, campaign: String?, listingRef: String?,
        message: String?, enteredBy: String, contact: LeadContact = .init(), needText: String? = nil,
        intendedUse: String? = nil, unavailableListingRef: String? = nil
    ) {
        self.unavailableListingRef = unavailableListingRef
        self.contact = contact
        self.needText = needText
        self.intendedUse = intendedUse
        self.receipt = receipt
        self.receivedAt = receivedAt
        self.source = source
        self.campaign = campaign
        self.listingRef = listingRef
        self.message = message
        self.enteredBy = enteredBy
    }
}

/// A follow-up note by staff.
public struct LeadNote: Sendable, Equatable {
    public var author: String
    public var body: String
    public var createdAt: Date

    public init(author: String, body: String, createdAt: Date) {
        (self.author, self.body, self.createdAt) = (author, body, createdAt)
    }

    /// A note's text as stored: NFC, trimmed, 1–2000 characters.
    public static func validatedText(_ body: String) throws(ValidationFailed) -> String {
        let text = body.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw ValidationFailed("note", "must not be empty") }
        guard text.unicodeScalars.count <= 2000 else {
            throw ValidationFailed("note", "must be at most 2000 characters")
        }
        return text
    }
}

/// One entry of a lead's history: what changed, when, by whom.
public struct LeadEvent: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var event: String
    public var from: LeadStatus?
    public var to: LeadStatus?
    public var detail: String

    public init(at: Date, actor: String, event: String, from: LeadStatus?, to: LeadStatus?, detail: String) {
        (self.at, self.actor, self.event, self.from, self.to, self.detail) = (at, actor, event, from, to, detail)
    }
}

/// A lead with everything that happened to it.
public struct LeadDetail: Sendable, Equatable {
    public var lead: Lead
    public var inquiries: [LeadInquiry]
    public var notes: [LeadNote]
    public var history: [LeadEvent]

    public init(lead: Lead, inquiries: [LeadInquiry], notes: [LeadNote], history: [LeadEvent]) {
        (self.lead, self.inquiries, self.notes, self.history) = (lead, inquiries, notes, history)
    }
}
