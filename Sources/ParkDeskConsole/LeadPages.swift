import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// The signed-in pages: dispatch, today, the inbox, the board and the export.
extension StaffConsole {
    func signedInPage(
        _ page: ConsolePage, _ request: Request, _ context: some RequestContext, _ form: FormFields, _ visit: Visit,
        files: [MultipartForm.File] = []
    ) async throws -> Response {
        let ref = context.parameters.get("ref").map { $0.uppercased() } ?? ""
        let login = context.parameters.get("login") ?? ""
        switch page {
        case .signOut: return try await signOut(visit, everywhere: false)
        case .signOutEverywhere: return try await signOut(visit, everywhere: true)
        case .today: return try await today(visit)
        case .inbox: return try await inbox(visit, form)
        case .leadEvents: return try await leadEvents(visit, seconds: form["seconds"].flatMap(Int.init) ?? 60)
        case .bulkAssign: return try await bulkAssign(visit, form)
        case .export: return try await export(visit, form)
        case .board: return try await board(visit)
        case .callForm: return try await call(visit, form, post: false)
        case .callSave: return try await call(visit, form, post: true)
        case .lead: return try await leadPage(visit, ref: ref)
        case .leadStatus, .leadNote, .leadAssign, .leadMerge, .leadErase:
            return try await leadAction(page, visit, ref: ref, form)
        case .team: return try await team(visit, shownLink: nil)
        case .teamAdd: return try await addMember(visit, form)
        case .teamLink: return try await memberLink(visit, login: login)
        case .teamDisable: return try await disableMember(visit, login: login, form)
        case .listings: return try await listings(visit, form)
        case .listingExport: return try await listingExport(visit, form)
        case .listingNew: return try await newListing(visit, form, post: false)
        case .listingCreate: return try await newListing(visit, form, post: true)
        case .listingImportForm: return importForm(visit)
        case .listingImport: return try await importListings(visit, form, files: files)
        case .listing:
            return try await listingPage(visit, try await listingInReach(ref, visit), saved: form["saved"] != nil)
        case .listingSave: return try await saveListing(visit, ref: ref, form)
        case .listingStatus: return try await listingStatus(visit, ref: ref, form)
        case .listingUpload:
            let wantsJSON = request.headers[.accept]?.contains("application/json") ?? false
            return try await uploadMedia(visit, ref: ref, form, files: files, wantsJSON: wantsJSON)
        case .listingMedia: return try await changeMedia(visit, ref: ref, form)
        case .listingPreview: return try await listingPreview(visit, ref: ref)
        case .mediaOriginal: return try await mediaOriginal(name: context.parameters.get("file") ?? "")
        case .parks: return try await parks(visit)
        case .parkSave: return try await savePark(visit, form)
        case .reports: return try await reportPage(visit, form)
        case .reportWorkbook: return try await reportFile(visit, form, workbook: true)
        case .reportCSV: return try await reportFile(visit, form, workbook: false)
        case .signInForm, .signIn, .passwordForm, .setPassword, .asset: return pages.error(.notFound)
        }
    }

    /// The leads a member may see at all: a park member's parks' leads; everybody's for the office.
    static func scope(_ member: StaffMember) -> LeadFilter {
        var filter = LeadFilter()
        if member.role == .park { filter.parkScope = member.parkIDs }
        return filter
    }

    // MARK: - Today

    struct TodayView: Sendable {
        struct Figure: Sendable {
            let label: String
            let count: Int
            let href: String
        }
        let greeting: String
        let figures: [Figure]
        let open: [Figure]
        let openHeading: String
        let expiring: [Expiring]
        let failing: [Figure]
        let seesChannels: Bool
    }

    struct Expiring: Sendable {
        let ref, title, href: String
        let daysLeft: Int
    }

    func today(_ visit: Visit) async throws -> Response {
        let member = visit.member
        let mine = member.role == .agent ? member.id : nil
        let leads = database.leads
        let (untouchedDays, expireDays) = (self.untouchedDays, self.expireDays)
        let overview = try await overviews.value(
            for: "\(member.role.rawValue):\(member.id)",
            orRead: {
                try await leads.overview(
                    scope: Self.scope(member), assignee: mine, untouchedDays: untouchedDays, expireDays: expireDays,
                    channels: Policy.allows(member.role, .seeDeliveries))
            })
        let inbox = ConsolePage.inbox.path
        let yesterday = ConsoleFormat.day(Date().addingTimeInterval(-86400))
        let view = TodayView(
            greeting: "\(member.displayName)，您好",
            figures: [
                .init(label: "昨天以来的新线索", count: overview.newSinceYesterday, href: inbox + "?since=" + yesterday),
                .init(
                    label: "\(untouchedDays) 天未跟进", count: overview.untouched,
                    href: inbox + "?untouched=\(untouchedDays)"),
                .init(label: "未分配", count: overview.unassigned, href: inbox + "?agent=none&open=1"),
            ],
            open: overview.openByStatus.map { status, count in
                .init(
                    label: status.label, count: count,
                    href: inbox + "?status=" + status.rawValue + (mine != nil ? "&agent=" + member.login : ""))
            },
            openHeading: mine != nil ? "我的跟进中线索" : "跟进中线索",
            expiring: overview.expiringListings.map {
                Expiring(ref: $0.ref, title: $0.title, href: Self.root + "/listings/" + $0.ref, daysLeft: $0.daysLeft)
            },
            failing: overview.failingChannels.map { .init(label: $0.name, count: $0.dead, href: "") },
            seesChannels: Policy.allows(member.role, .seeDeliveries))
        return pages.render("today", title: "今日", visit: visit, view)
    }

    // MARK: - Inbox

    struct InboxView: Sendable {
        struct Choice: Sendable, TemplateFields {
            let value, label: String
            let selected: Bool

            var templateFields: [String: Any] { ["value": value, "label": label, "selected": selected] }
        }
        let rows: [LeadRowView]
        let statuses, sources, agents, parks: [Choice]
        let listing, since, until, q: String
        let more: String?
        let exportHref: String?
        let canAssign: Bool
        let assignTo: [Choice]
        let message: String?
        let empty: Bool
        /// Open leads nobody follows up yet, above the list for those who assign (the inbox without filters).
        let waiting: [LeadRowView]
        let hasWaiting: Bool
    }

    /// The inbox's filters read from the query; a wrong value comes back as a message, never as a failed page.
    func inboxFilter(_ visit: Visit, _ form: FormFields) -> (LeadFilter, String?) {
        var filter = Self.scope(visit.member)
        filter.statuses = form.all("status").compactMap(LeadStatus.init(rawValue:))
        if form.isOn("open"), filter.statuses.isEmpty { filter.statuses = LeadStatus.allCases.filter(\.isOpen) }
        filter.sources = form.all("source").compactMap(LeadSource.init(rawValue:))
        filter.assignee = form["agent"]
        filter.parkID = form["park"].flatMap { Int($0) }
        filter.listingRef = form["listing"]
        filter.since = form["since"]
        filter.until = form["until"]
        filter.text = form["q"]
        filter.untouchedDays = form["untouched"].flatMap { Int($0) }
        filter.beforeID = form["before"].flatMap { Int64($0) }
        filter.limit = 50
        do {
            return (try filter.validated(), nil)
        } catch {
            var fallback = Self.scope(visit.member)
            fallback.limit = 50
            return (fallback, "筛选条件有误，已显示全部：" + error.errors.map { ConsoleMessages.field($0) }.joined(separator: "；"))
        }
    }

    func inbox(_ visit: Visit, _ form: FormFields) async throws -> Response {
        let (filter, message) = inboxFilter(visit, form)
        async let agentRows = agents()
        async let parkRows = database.places.parkChoices()
        let role = visit.member.role
        var waitingFilter = Self.scope(visit.member)
        waitingFilter.assignee = LeadFilter.unassigned
        waitingFilter.statuses = LeadStatus.allCases.filter(\.isOpen)
        waitingFilter.limit = 10
        let unfiltered = form.pairs.allSatisfy { $0.value.isEmpty }
        async let waitingRows =
            unfiltered && Policy.allows(role, .assignLeads) ? database.leads.list(waitingFilter) : []
        let leads = try await database.leads.list(filter)
        let agents = try await agentRows
        let parks = try await parkRows
        let waiting = try await waitingRows.map { lead in
            var row = LeadRowView(lead)
            row.selectable = true
            return row
        }
        let agentChoices =
            [
                InboxView.Choice(
                    value: LeadFilter.unassigned, label: "未分配", selected: form["agent"] == LeadFilter.unassigned)
            ]
            + agents.map { .init(value: $0.login, label: $0.displayName, selected: form["agent"] == $0.login) }
        let view = InboxView(
            rows: leads.map { lead in
                var row = LeadRowView(lead)
                row.selectable = Policy.allows(role, .assignLeads)
                return row
            },
            statuses: LeadStatus.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: filter.statuses.contains($0))
            },
            sources: LeadSource.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: filter.sources.contains($0))
            },
            agents: agentChoices,
            parks: parks.filter { role != .park || visit.member.parkIDs.contains($0.id) }.map {
                .init(value: String($0.id), label: $0.name ?? "", selected: filter.parkID == $0.id)
            },
            listing: form.typed("listing"), since: form.typed("since"), until: form.typed("until"), q: form.typed("q"),
            more: leads.count == filter.limit
                ? ConsolePage.inbox.path + "?"
                    + FormFields(
                        pairs: form.pairs.filter { $0.name != "before" } + [("before", String(leads.last?.id ?? 0))]
                    ).encoded()
                : nil,
            exportHref: Policy.allows(role, .exportLeads)
                ? ConsolePage.export.path + "?" + form.encoded(dropping: ["before"]) : nil,
            canAssign: Policy.allows(role, .assignLeads),
            assignTo: agents.map { .init(value: $0.login, label: $0.displayName, selected: false) },
            message: message, empty: leads.isEmpty,
            waiting: waiting, hasWaiting: !waiting.isEmpty)
        return pages.render("inbox", title: "线索", visit: visit, view)
    }

    func bulkAssign(_ visit: Visit, _ form: FormFields) async throws -> Response {
        let refs = form.all("ref").filter(LeadRef.isWellFormed)
        let agent = form["agent"]
        for ref in refs {
            _ = try await database.leads.assign(
                ref: ref, to: agent == LeadFilter.unassigned ? nil : agent, actor: visit.actor)
        }
        return Self.redirect(to: Self.safeNext(form["back"] ?? ConsolePage.inbox.path))
    }

    /// The CSV of the inbox's current filters (admins), streamed as the API's export is.
    func export(_ visit: Visit, _ form: FormFields) async throws -> Response {
        var (complete, _) = inboxFilter(visit, form)
        complete.beforeID = nil
        let filter = complete
        let export = database.leadExport
        let actor = visit.actor
        let day = ConsoleFormat.day(Date()).replacingOccurrences(of: "-", with: "")
        // the first rows are read before the answer starts, so that a database fault is a page, not a cut file
        let body = ResponseBody { writer in
            try await export.write(filter, actor: actor) { chunk in try await writer.write(chunk) }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"leads-\(day).csv\"", .cacheControl: "no-store",
            ],
            body: body)
    }

    // MARK: - Board

    /// The board's values hand the engine their fields directly, each move with what its form posts: a board shows
    /// up to 270 cards.
    struct BoardView: Sendable {
        struct Column: Sendable, TemplateFields {
            let status, key, count, more: String
            let cards: [Card]

            var templateFields: [String: Any] {
                ["status": status, "key": key, "count": count, "more": more, "cards": cards.map(\.templateFields)]
            }
        }
        struct Card: Sendable, TemplateFields {
            let row: LeadRowView
            let moves: [Move]
            let version: String

            var templateFields: [String: Any] {
                [
                    "row": row.templateFields, "ref": row.ref, "version": version, "moves": moves.map(\.templateFields),
                    "moveKeys": moves.map(\.value).joined(separator: " ") + " ",
                ]
            }
        }
        struct Move: Sendable, TemplateFields {
            let value, label, ref, from, version, csrf: String

            var templateFields: [String: Any] {
                ["value": value, "label": label, "ref": ref, "from": from, "version": version, "csrf": csrf]
            }
        }
        let columns: [Column]
    }

    func board(_ visit: Visit) async throws -> Response {
        let columns = try await database.leads.board(scope: Self.scope(visit.member))
        let view = BoardView(
            columns: columns.map { status, leads, more in
                .init(
                    status: status.label, key: status.rawValue, count: more ? "\(leads.count)+" : "\(leads.count)",
                    more: ConsolePage.inbox.path + "?status=" + status.rawValue,
                    cards: leads.map { lead in
                        let workable = Policy.mayWork(lead.scope, by: visit.member)
                        let moves = workable ? lead.status.next.filter { $0 != .lost && $0 != .junk } : []
                        return .init(
                            row: LeadRowView(lead),
                            moves: moves.map {
                                .init(
                                    value: $0.rawValue, label: $0.label, ref: lead.ref, from: lead.status.rawValue,
                                    version: String(lead.version), csrf: visit.csrf)
                            }, version: String(lead.version))
                    })
            })
        return pages.render("board", title: "看板", visit: visit, view)
    }

    // MARK: - Live inbox

    /// Server-sent events: `lead` with the newest lead id whenever it changes, checked every second for a minute
    /// (`seconds`, 1–60); then the stream ends and the browser's EventSource opens it again, so that a restart or a
    /// shutdown waits on no stream for long.
    func leadEvents(_ visit: Visit, seconds: Int) async throws -> Response {
        let seconds = min(max(seconds, 1), 60)
        let leads = database.leads
        let scope = Self.scope(visit.member)
        let first = try await leads.newestID(scope: scope)
        let body = ResponseBody { writer in
            var newest = first
            try await writer.write(ByteBuffer(string: "retry: 1000\nevent: hello\ndata: \(first)\n\n"))
            for second in 1...seconds {
                try await Task.sleep(for: .seconds(1))
                guard let id = try? await leads.newestID(scope: scope) else { continue }
                if id != newest {
                    newest = id
                    try await writer.write(ByteBuffer(string: "event: lead\ndata: \(id)\n\n"))
                } else if second % 15 == 0 {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/event-stream", .cacheControl: "no-store",
                HTTPField.Name("X-Accel-Buffering")!: "no",
            ],
            body: body)
    }
}
