import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// A listing from one line of text to published: the new page reads the title as people write it and fills the
/// form (the words each field came from marked, what was not understood listed); the listing page edits it under
/// its version, shows its photos and documents, moves its status with a note and shows the history.
extension StaffConsole {
    struct NewListingView: Sendable {
        let line: String
        let pieces: [CallView.Piece]
        let unparsed: [String]
        let form: ListingFormView?
        let message: String?
        let hasPieces: Bool
        let hasUnparsed: Bool

        init(
            line: String, pieces: [CallView.Piece] = [], unparsed: [String] = [], form: ListingFormView?,
            message: String?
        ) {
            (self.line, self.pieces, self.unparsed, self.form, self.message) = (line, pieces, unparsed, form, message)
            (hasPieces, hasUnparsed) = (!pieces.isEmpty, !unparsed.isEmpty)
        }
    }

    struct ListingPageView: Sendable {
        struct Move: Sendable {
            let value, label: String
        }
        struct Change: Sendable {
            let time, text, who: String
            let note: String?
        }
        let ref, title, status, statusKey, created, changed, version: String
        let publicHref: String?
        let previewHref, uploadAction, mediaAction, statusAction: String
        let form: ListingFormView
        let media: [MediaView]
        let moves: [Move]
        let history: [Change]
        let mayWrite, saved: Bool
        let message: String?
        /// Whether any status move is offered (stored: the template engine sees stored properties only).
        var hasMoves = false
    }

    // MARK: - New

    func newListing(_ visit: Visit, _ form: FormFields, post: Bool) async throws -> Response {
        let context = try await formContext(visit)
        var values = form.firstValues
        if visit.member.role == .park, values["park"] == nil, let park = context.parks.first {
            values["park"] = park.name
        }
        let line = form.typed("line").precomposedStringWithCanonicalMapping
        guard post else {
            return newListingPage(
                visit, line: line, values: values, messages: [:], context: context, showForm: form["blank"] != nil)
        }
        if form["action"] == "parse" {
            guard (2...500).contains(line.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars.count) else {
                return newListingPage(
                    visit, line: line, values: values, messages: [:], context: context, showForm: false,
                    message: "请输入一句房源描述（2–500 字），如“易俗河重工厂房4000平米独栋单层出租,行车16吨”", status: .unprocessableContent)
            }
            let parsed = try await database.places.textParser().listing(line)
            var draft = parsed.draft
            draft.keepText(line)
            draft.priceUnit = draft.priceUnit ?? .negotiable
            for (name, text) in ListingForm.texts(draft) where (values[name] ?? "").isEmpty { values[name] = text }
            var words: [String: String] = [:]
            for field in parsed.fields { words[ListingForm.shownField(field.name)] = field.words }
            let view = NewListingView(
                line: line, pieces: Self.pieces(line, parsed.fields),
                unparsed: parsed.unparsed.map { $0.span.text + ($0.reason.map { "（\($0)）" } ?? "") },
                form: ListingFormView(
                    action: ConsolePage.listingCreate.path, version: nil, values: values, parsed: words,
                    context: context),
                message: parsed.fields.isEmpty ? "没有识别出字段，请手动填写。" : "已识别 \(parsed.fields.count) 项（黄色标出），请核对后保存。")
            return pages.render("listing-new", title: "新房源", visit: visit, view)
        }
        do {
            let draft = try await editableDraft(form, visit)
            let listing = try await database.listings.create(draft, status: .draft, actor: visit.actor)
            listingCounts.forgetAll()
            return Self.redirect(to: Self.root + "/listings/" + listing.ref + "?saved=1")
        } catch let failure as ValidationFailed {
            return newListingPage(
                visit, line: line, values: values, messages: ConsoleMessages.listing(failure), context: context,
                showForm: true, message: "请修改标出的 \(failure.errors.count) 处后再保存。", status: .unprocessableContent)
        }
    }

    func newListingPage(
        _ visit: Visit, line: String, values: [String: String], messages: [String: String],
        context: ListingFormView.Context, showForm: Bool, message: String? = nil, status: HTTPResponse.Status = .ok
    ) -> Response {
        let view = NewListingView(
            line: line,
            form: showForm
                ? ListingFormView(
                    action: ConsolePage.listingCreate.path, version: nil, values: values, messages: messages,
                    context: context)
                : nil,
            message: message)
        return pages.render("listing-new", title: "新房源", visit: visit, view, status: status)
    }

    /// The districts and the parks a member may put a listing in.
    func formContext(_ visit: Visit) async throws -> ListingFormView.Context {
        let parks = try await database.places.parkChoices()
        let isPark = visit.member.role == .park
        return ListingFormView.Context(
            districts: try await database.places.districts(),
            parks: isPark ? parks.filter { visit.member.parkIDs.contains($0.id) } : parks, parkRequired: isPark)
    }

    /// The posted form's draft, with every fault at once: its fields' (`ListingForm.draft`), a district or park the
    /// office does not know, a park the member may not write in.
    func editableDraft(_ form: FormFields, _ visit: Visit) async throws -> ListingDraft {
        var errors: [FieldError] = []
        var draft: ListingDraft?
        do { draft = try ListingForm.draft(form) } catch { errors = error.errors }
        let context = try await formContext(visit)
        if let district = form["district"], !context.districts.contains(where: { $0.matches(district) }) {
            errors.append(FieldError("district", "unknown district '\(district)'"))
        }
        let park = form["park"].map { name in context.parks.first { $0.name == name || $0.aliases.contains(name) } }
        if park == .some(nil) || (visit.member.role == .park && park == nil) {
            errors.append(FieldError("park", "unknown park, or not one of the member's parks"))
        }
        guard let draft, errors.isEmpty else { throw ValidationFailed(errors) }
        return draft
    }

    // MARK: - The listing page

    /// A listing within the member's reach: park staff open and change only their parks' (403 otherwise); the
    /// others every listing (what they may do with it is the page's permission).
    func listingInReach(_ ref: String, _ visit: Visit) async throws -> Listing {
        guard ListingRef.isWellFormed(ref) else { throw NotFound("listing", ref) }
        let listing = try await database.listings.find(ref: ref)
        guard Policy.mayEdit(listingIn: listing.parkID, by: visit.member) else {
            throw Forbidden(message: "这条房源不属于您的园区。")
        }
        return listing
    }

    func listingPage(
        _ visit: Visit, _ listing: Listing, values: [String: String]? = nil, messages: [String: String] = [:],
        theirs: [String: String] = [:], version: Int? = nil, base: String? = nil, message: String? = nil,
        saved: Bool = false, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let ref = listing.ref
        let texts = ListingForm.texts(listing.fields.draft)
        let root = Self.root + "/listings/" + ref
        let history = try await database.listings.history(ref: ref)
        var view = ListingPageView(
            ref: ref, title: listing.fields.title, status: listing.status.label, statusKey: listing.status.rawValue,
            created: ConsoleFormat.time(listing.createdAt), changed: ConsoleFormat.time(listing.updatedAt),
            version: String(listing.version),
            publicHref: ListingStatus.publicStatuses.contains(listing.status) ? "/listings/" + ref : nil,
            previewHref: root + "/preview", uploadAction: root + "/media", mediaAction: root + "/media/change",
            statusAction: root + "/status",
            form: ListingFormView(
                action: root, version: version ?? listing.version, base: base ?? ListingForm.fingerprint(texts),
                values: values ?? texts, messages: messages, theirs: theirs, context: try await formContext(visit)),
            media: listing.fields.media.enumerated().map {
                MediaView($1, position: $0, count: listing.fields.media.count)
            },
            moves: listing.status.next.filter {
                (try? listing.status.validateChange(to: $0, deal: listing.fields.deal)) != nil
            }
            .map { ListingPageView.Move(value: $0.rawValue, label: Self.moveLabel($0)) },
            history: history.reversed().map {
                ListingPageView.Change(
                    time: ConsoleFormat.time($0.at), text: ($0.from.map { $0.label + " → " } ?? "") + $0.to.label,
                    who: $0.by, note: $0.note.isEmpty ? nil : $0.note)
            },
            mayWrite: ConsolePage.listingSave.allows(visit.member.role), saved: saved,
            message: message)
        view.hasMoves = !view.moves.isEmpty
        return pages.render("listing", title: listing.fields.title, visit: visit, view, status: status)
    }

    static func moveLabel(_ status: ListingStatus) -> String {
        switch status {
        case .active: "发布（在租/在售）"
        case .pending: "洽谈中"
        case .leased: "已出租"
        case .sold: "已售出"
        case .withdrawn: "撤回"
        case .draft: "退回草稿"
        case .expired: "标记过期"
        }
    }

    /// Saves the whole form under the version it was shown with; when someone saved first, the page shows their
    /// values beside the member's, which are kept, and the next save (on their version) is a deliberate one.
    func saveListing(_ visit: Visit, ref: String, _ form: FormFields) async throws -> Response {
        let current = try await listingInReach(ref, visit)
        let values = form.firstValues
        let version = form["version"].flatMap(Int.init)
        do {
            let draft = try await editableDraft(form, visit)
            do {
                _ = try await database.listings.update(
                    ref: current.ref, patch: draft, expectedVersion: version, actor: visit.actor, replacing: true)
            } catch is VersionConflict {
                // saved since by someone: their fields are shown beside ours, unless only photos or the status moved
                let latest = try await database.listings.find(ref: current.ref)
                let saved = ListingForm.texts(latest.fields.draft)
                guard form["base"] == ListingForm.fingerprint(saved) else {
                    return try await conflictPage(visit, latest, values: values, saved: saved)
                }
                _ = try await database.listings.update(
                    ref: current.ref, patch: draft, expectedVersion: latest.version, actor: visit.actor, replacing: true
                )
            }
            return Self.redirect(to: Self.root + "/listings/" + current.ref + "?saved=1")
        } catch let failure as ValidationFailed {
            return try await listingPage(
                visit, current, values: values, messages: ConsoleMessages.listing(failure), version: version,
                base: form["base"], message: "请修改标出的 \(failure.errors.count) 处后再保存。", status: .unprocessableContent)
        }
    }

    /// The listing as someone else saved it, with the member's values kept in the form and theirs beside each
    /// field that differs; the next save is on their version.
    func conflictPage(
        _ visit: Visit, _ latest: Listing, values: [String: String], saved: [String: String]
    ) async throws -> Response {
        var theirs: [String: String] = [:]
        let kinds = [saved["kind"], values["kind"]].compactMap { $0.flatMap(ListingKind.init(rawValue:)) }
        for section in ListingForm.sections where section.kinds.map({ !Set($0).isDisjoint(with: kinds) }) ?? true {
            for field in section.fields where (saved[field.name] ?? "") != (values[field.name] ?? "") {
                let value = saved[field.name].flatMap { $0.isEmpty ? nil : ListingForm.shown(field.name, $0) }
                theirs[field.name] = value ?? "（空）"
            }
        }
        return try await listingPage(
            visit, latest, values: values, theirs: theirs, version: latest.version,
            message: "别人在您之后保存了这条房源（版本 \(latest.version)）。您的内容没有丢失，仍在下面的表单里；"
                + "与之不同的已保存值标在各项下方。核对后再次保存即以您的为准。", status: .conflict)
    }

    func listingStatus(_ visit: Visit, ref: String, _ form: FormFields) async throws -> Response {
        let current = try await listingInReach(ref, visit)
        guard let target = form["status"].flatMap(ListingStatus.init(rawValue:)) else {
            return try await listingPage(visit, current, message: "请选择要变更的状态。", status: .unprocessableContent)
        }
        if let shown = form["from"], shown != current.status.rawValue {
            return try await listingPage(
                visit, current, message: "状态在您打开页面后已变为“\(current.status.label)”，请核对后再变更。", status: .conflict)
        }
        do {
            _ = try await database.listings.changeStatus(
                ref: current.ref, to: target, note: form.typed("note"), actor: visit.actor)
            listingCounts.forgetAll()
            return Self.redirect(to: Self.root + "/listings/" + current.ref + "?saved=1")
        } catch let failure as ValidationFailed {
            return try await listingPage(
                visit, current, message: ConsoleMessages.listingLine(failure),
                status: .unprocessableContent)
        } catch is VersionConflict {
            return try await listingPage(
                visit, try await database.listings.find(ref: current.ref), message: "状态刚被别人改过，请核对后再试。",
                status: .conflict)
        }
    }

    /// The public page as it will look, drafts too; never cached, never indexed.
    func listingPreview(_ visit: Visit, ref: String) async throws -> Response {
        let listing = try await listingInReach(ref, visit)
        return preview(listing)
    }
}
