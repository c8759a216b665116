import ParkDeskHTTP
import Foundation
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore
import ParkDeskIntake

/// The lead operations of `openapi.yaml`: the website's inquiry form and the office's follow-up.
extension APIHandlers {
    static let thanks = "感谢您的咨询，招商专员将尽快与您联系。产业招商热线 400 0123 021"

    func submitLead(_ input: Operations.SubmitLead.Input) async throws -> Operations.SubmitLead.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let key = input.headers.idempotencyKey
        if let key, !(1...255).contains(key.utf8.count) || !key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) {
            throw Problem.badRequest(field: "Idempotency-Key", "must be 1–255 visible ASCII characters, e.g. a UUID")
        }
        if let millis = body.fillMillis, !(0...86_400_000).contains(millis) {
            throw Problem.badRequest(
                field: "fillMillis", "must be the milliseconds between showing and sending the form (0–86400000)")
        }
        // The body in one spelling (sorted keys), so that the same inquiry hashes the same however it was sent.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var submission = LeadIntake.Submission(
            draft: try LeadMapping.draft(from: body, source: .web), canonicalBody: try encoder.encode(body))
        submission.honeypot = body.website
        submission.fillMillis = body.fillMillis
        submission.idempotencyKey = key
        submission.clientAddress = RequestClient.address
        let received = try await LeadMapping.renamingFields { try await intake.receive(submission) }
        return .created(
            .init(
                headers: .init(idempotentReplayed: received.replayed ? "true" : nil),
                body: .json(
                    .init(
                        receipt: received.receipt.uuidString.lowercased(), receivedAt: received.receivedAt,
                        message: Self.thanks))))
    }

    func listLeads(_ input: Operations.ListLeads.Input) async throws -> Operations.ListLeads.Output {
        let token = try RequestScope.require(.readLeads)
        var filter = try input.query.leadFilter()
        filter.parkScope = token.role == .park ? token.member.parkIDs : nil
        filter.mobile = input.query.mobile
        filter.limit = input.query.limit ?? 50
        if let cursor = input.query.cursor {
            guard let id = Int64(cursor), id > 0 else {
                throw Problem.badRequest(field: "cursor", "is not a cursor of this list")
            }
            filter.beforeID = id
        }
        let page = try await leads.list(filter)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: try page.map { try LeadMapping.lead($0, masked: true) },
                        nextCursor: page.count == filter.limit ? page.last.map { String($0.id) } : nil))))
    }

    func createLead(_ input: Operations.CreateLead.Input) async throws -> Operations.CreateLead.Output {
        let token = try RequestScope.require(.workLeads)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let lead = try await LeadMapping.validated(try LeadMapping.draft(from: body, source: nil))
        let capture = try await leads.capture(lead, arrival: .init(actor: token.actor, audited: true))
        let detail = try LeadMapping.detail(try await leads.detail(ref: capture.ref), for: token.member)
        let location = "/api/v1/admin/leads/\(capture.ref)"
        return capture.attached
            ? .ok(.init(headers: .init(location: location), body: .json(detail)))
            : .created(.init(headers: .init(location: location), body: .json(detail)))
    }

    func exportLeads(_ input: Operations.ExportLeads.Input) async throws -> Operations.ExportLeads.Output {
        let token = try RequestScope.require(.exportLeads)
        let filter = try input.query.leadFilter().validated()
        let options = LeadExport.Options(
            chineseHeader: input.query.header != .en, byteOrderMark: input.query.bom ?? true,
            localTimes: input.query.timeFormat == .local)
        let export = leadExport
        let body = try await ExportStream.body { sink in
            try await export.write(filter, options: options, actor: token.actor, to: sink)
        }
        let day = Date().formatted(.iso8601.year().month().day().dateSeparator(.omitted))
        return .ok(
            .init(headers: .init(contentDisposition: "attachment; filename=\"leads-\(day).csv\""), body: .csv(body)))
    }

    func getLead(_ input: Operations.GetLead.Input) async throws -> Operations.GetLead.Output {
        let token = try RequestScope.require(.readLeads)
        let detail = try await leads.detail(ref: try Self.leadRef(input.path.leadRef))
        try Self.mayRead(detail.lead, token)
        return .ok(.init(body: .json(try LeadMapping.detail(detail, for: token.member))))
    }

    func changeLeadStatus(_ input: Operations.ChangeLeadStatus.Input) async throws -> Operations.ChangeLeadStatus.Output
    {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let (token, ref) = try await workableLead(input.path.leadRef)
        let lead = try await leads.changeStatus(
            ref: ref, to: try EnumMapping.convert(body.status), reason: body.reason,
            actor: token.actor)
        return .ok(.init(body: .json(try await detailView(lead.ref, for: token))))
    }

    func assignLead(_ input: Operations.AssignLead.Input) async throws -> Operations.AssignLead.Output {
        let token = try RequestScope.require(.assignLeads)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let lead = try await leads.assign(
            ref: try Self.leadRef(input.path.leadRef), to: body.assignee, actor: token.actor)
        return .ok(.init(body: .json(try await detailView(lead.ref, for: token))))
    }

    func unassignLead(_ input: Operations.UnassignLead.Input) async throws -> Operations.UnassignLead.Output {
        let token = try RequestScope.require(.assignLeads)
        let lead = try await leads.assign(ref: try Self.leadRef(input.path.leadRef), to: nil, actor: token.actor)
        return .ok(.init(body: .json(try await detailView(lead.ref, for: token))))
    }

    func addLeadNote(_ input: Operations.AddLeadNote.Input) async throws -> Operations.AddLeadNote.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let (token, ref) = try await workableLead(input.path.leadRef)
        let lead = try await leads.addNote(ref: ref, body: body.note, actor: token.actor)
        return .created(.init(body: .json(try await detailView(lead.ref, for: token))))
    }

    func mergeLeads(_ input: Operations.MergeLeads.Input) async throws -> Operations.MergeLeads.Output {
        let token = try RequestScope.require(.mergeLeads)
        let body =
            switch input.body {
            case .json(let body): body
            }
        let keep = try Self.leadRef(input.path.leadRef)
        guard LeadRef.isWellFormed(body.other) else {
            throw Problem.badRequest(field: "other", "must look like LD-2026-000123")
        }
        let lead = try await leads.merge(keep: keep, absorb: body.other, actor: token.actor)
        return .ok(.init(body: .json(try await detailView(lead.ref, for: token))))
    }

    func eraseLead(_ input: Operations.EraseLead.Input) async throws -> Operations.EraseLead.Output {
        let token = try RequestScope.require(.eraseLeads)
        let lead = try await leads.erase(ref: try Self.leadRef(input.path.leadRef), actor: token.actor)
        return .ok(.init(body: .json(try await detailView(lead.ref, for: token))))
    }

    func matchLead(_ input: Operations.MatchLead.Input) async throws -> Operations.MatchLead.Output {
        let token = try RequestScope.require(.readLeads)
        let limit = input.query.limit ?? 10
        guard (1...100).contains(limit) else { throw Problem.badRequest(field: "limit", "must be between 1 and 100") }
        try Self.mayRead(try await leads.find(ref: try Self.leadRef(input.path.leadRef)), token)
        let matches = try await leads.matches(ref: try Self.leadRef(input.path.leadRef), limit: limit)
        return .ok(.init(body: .json(.init(items: try matches.map(LeadMapping.match)))))
    }

    // MARK: - helpers

    static func leadRef(_ ref: String) throws -> String {
        guard LeadRef.isWellFormed(ref) else {
            throw Problem.badRequest(field: "leadRef", "must look like LD-2026-000123")
        }
        return ref.uppercased()
    }

    /// A park member may open only the leads of their parks (`Policy.mayRead`).
    static func mayRead(_ lead: Lead, _ token: ApiToken) throws {
        guard Policy.mayRead(lead.scope, by: token.member) else {
            throw Problem.forbidden("Lead \(lead.ref) does not concern the parks of '\(token.member.login)'.")
        }
    }

    /// The caller's token and the lead's ref, if the policy lets the caller work on it: admins on any, agents on
    /// their own, park staff on their parks' leads.
    func workableLead(_ ref: String) async throws -> (ApiToken, String) {
        let token = try RequestScope.require(.workLeads)
        let lead = try await leads.find(ref: try Self.leadRef(ref))
        guard Policy.mayWork(lead.scope, by: token.member) else {
            throw Problem.forbidden(
                "Lead \(lead.ref) is not one that '\(token.member.login)' (\(token.role.label)) may work on; "
                    + "agents work on their own leads, park staff on their parks' leads.")
        }
        return (token, lead.ref)
    }

    func detailView(_ ref: String, for token: ApiToken) async throws -> Components.Schemas.LeadDetail {
        try LeadMapping.detail(try await leads.detail(ref: ref), for: token.member)
    }
}

/// The filters lists and exports share, over both generated query types.
protocol LeadFilterParameters {
    var since: String? { get }
    var until: String? { get }
    var status: [Components.Schemas.LeadStatus]? { get }
    var source: [Components.Schemas.LeadSource]? { get }
    var listing: String? { get }
    var assignee: String? { get }
}

extension LeadFilterParameters {
    func leadFilter() throws -> LeadFilter {
        var filter = LeadFilter()
        filter.since = since
        filter.until = until
        filter.statuses = try (status ?? []).map { try EnumMapping.convert($0) }
        filter.sources = try (source ?? []).map { try EnumMapping.convert($0) }
        filter.listingRef = listing
        filter.assignee = assignee
        return filter
    }
}

extension Operations.ListLeads.Input.Query: LeadFilterParameters {}
extension Operations.ExportLeads.Input.Query: LeadFilterParameters {}
