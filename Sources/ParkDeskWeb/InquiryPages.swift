import ParkDeskHTTP
import Foundation
import Hummingbird
import ParkDeskCore
import ParkDeskStore
import ParkDeskIntake

/// The inquiry form, its answer and the thank-you page. The form posts without JavaScript; what was typed
/// comes back with every wrong field marked, and when the inquiry cannot be taken now (too many, the database
/// away) the form comes back whole with the hotline.
extension WebSite {
    struct InquiryView: Sendable {
        let form: FormView
    }

    /// The form as the template shows it: the typed values, the choices, the messages.
    struct FormView: Sendable {
        let values: [String: String]
        let errors: [String: String]
        let hasErrors: Bool
        let notice: String?
        let formKey: String
        let listingRef, listingTitle: String?
        let kinds, deals, districts: [Choice]
        let areaInMu, budgetTotal, consent: Bool
        let privacyVersion: String
        /// With the need's details (kinds, deal, area, districts, budget); a listing page asks only the main fields.
        let detailed: Bool
    }

    func formView(_ form: InquiryForm, districts all: [District], detailed: Bool = true) -> FormView {
        let fields = form.fields
        let names = [
            "needText", "intendedUse", "expectedTax", "company", "contactName", "mobile", "minArea", "maxArea",
            "budget", "message",
        ]
        let kinds = Set(fields.all("kinds"))
        let districts = Set(fields.all("districts"))
        return FormView(
            values: Dictionary(uniqueKeysWithValues: names.map { name in (name, fields.typed(name)) }),
            errors: form.errors, hasErrors: !form.errors.isEmpty, notice: form.notice, formKey: form.formKey,
            listingRef: form.listingRef, listingTitle: form.listingTitle,
            kinds: ListingKind.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: kinds.contains($0.rawValue), count: nil)
            },
            deals: DealType.allCases.map {
                Choice(value: $0.rawValue, label: $0.label, selected: fields["deal"] == $0.rawValue, count: nil)
            },
            districts: all.map {
                Choice(value: $0.name, label: $0.name, selected: districts.contains($0.name), count: nil)
            },
            areaInMu: fields["areaUnit"] == "mu", budgetTotal: fields["budgetUnit"] == PriceUnit.wanYuanTotal.rawValue,
            consent: fields.isOn("consent"), privacyVersion: office.privacyVersion, detailed: detailed)
    }

    func inquiryPage(_ query: FormFields) async throws -> Response {
        let ref = query["listing"].map { $0.uppercased() }.flatMap { ListingRef.isWellFormed($0) ? $0 : nil }
        // the ref goes with the inquiry whatever the listing's state (the lead notes it when it is not public); its
        // title is shown only when the public may see the listing
        let form = InquiryForm(formKey: await formKeys.fresh(), listingRef: ref, listingTitle: await listingTitle(ref))
        let meta = PageMeta(
            title: "提交需求",
            description: "告诉我们您的需求、用途、税收、公司、联系人和手机号，招商专员将尽快与您联系。",
            path: "/inquiry")
        return pages.render("inquiry", meta, InquiryView(form: formView(form, districts: try await districts())))
    }

    /// A posted form: the same intake as `POST /api/v1/leads`, then 303 to the thank-you page. A form too long
    /// to take, or whose key is not one this site signed (a page from before an upgrade, a forged time), comes
    /// back with what was typed and a key that can be sent.
    func submit(_ fields: FormFields, clientAddress: String?, complete: Bool = true) async throws -> Response {
        let form = InquiryForm(fields: fields, formKey: fields["formKey"] ?? "")
        guard complete else {
            let notice = "内容太长，没有提交（全部内容最多约 6 万字）。请缩短需求或留言后再提交，或直接拨打产业招商热线 \(office.hotline)。"
            return await again(form, notice: notice, status: .contentTooLarge)
        }
        let away = "系统暂时繁忙，您的咨询还没有提交。请稍后再点“提交”，或直接拨打产业招商热线 \(office.hotline)。您填写的内容都在下面。"
        if monitor.unavailableReason != nil { return await again(form, notice: away, status: .serviceUnavailable) }
        guard let issued = await formKeys.issued(form.formKey) else {
            return await again(form, notice: "请核对下面的内容，再点一次“提交”。", status: .badRequest, newKey: true)
        }
        do {
            let draft = try form.checkedDraft(privacyVersion: office.privacyVersion)
            let site = self
            let receipt = try await Deadline.run(within: formDeadline) {
                var submission = LeadIntake.Submission(
                    draft: try await site.withNeedRead(draft), canonicalBody: form.canonicalBody)
                submission.honeypot = fields["website"]
                submission.fillMillis = InquiryForm.fillMillis(issued: issued)
                submission.idempotencyKey = "web-" + form.formKey
                submission.revisable = true
                submission.clientAddress = clientAddress
                return try await site.intake.receive(submission)
            }
            var target = "/inquiry/thanks?receipt=" + receipt.receipt.uuidString.lowercased()
            if let ref = form.listingRef, ListingRef.isWellFormed(ref) { target += "&listing=" + ref }
            return Response(status: .seeOther, headers: [.location: target, .cacheControl: "no-store"])
        } catch let invalid as ValidationFailed {
            let errors = InquiryForm.messages(invalid)
            // a field the form does not show (the listing's ref) is named in the notice
            let unshown = errors.filter { !InquiryForm.shownFields.contains($0.key) }.values.sorted()
            let notice = (["请按提示修改标红的项目后再提交。"] + unshown).joined(separator: " ")
            return await again(form, errors: errors, notice: notice, status: .badRequest)
        } catch let refusal as LeadIntake.Refusal {
            let notice =
                switch refusal {
                case .rateLimited: "提交太频繁了，请稍后再试，或直接拨打产业招商热线 \(office.hotline)。您填写的内容都在下面。"
                case .keyInFlight: "这份表单正在提交，请稍候几秒再点“提交”。您填写的内容都在下面。"
                case .keyReused: "这份表单已经提交过。您填写的内容都在下面，可以再点“提交”补充。"
                }
            return await again(form, notice: notice, status: .tooManyRequests)
        } catch  where error is Deadline.Exceeded || DatabaseFault.named(error) is DatabaseFault {
            return await again(form, notice: away, status: .serviceUnavailable)
        }
    }

    /// The draft with the need's empty fields filled from the person's own words (需求), so that the lead is
    /// matched on them too. The reading never depends on how busy the machine is: the parser (kept by the place
    /// store) is waited for within the form's deadline, and a form that runs out of it comes back whole.
    func withNeedRead(_ draft: LeadDraft) async throws -> LeadDraft {
        guard let text = draft.needText, !text.isEmpty else { return draft }
        let parser = try await places.read { try await $0.textParser() }
        return draft.fillingNeed(from: parser.need(text).draft)
    }

    /// The form again with what was typed, the messages, and the same one-time key (or a new one). The listing's
    /// title and the district list are looked up briefly, and left out when the database does not answer.
    func again(
        _ form: InquiryForm, errors: [String: String] = [:], notice: String? = nil, status: HTTPResponse.Status,
        newKey: Bool = false
    ) async -> Response {
        let site = self
        let title = await listingTitle(form.listingRef)
        let districts = (try? await Deadline.run(within: .seconds(1)) { try await site.districts() }) ?? []
        let shown = InquiryForm(
            fields: form.fields, formKey: newKey || form.formKey.isEmpty ? await formKeys.fresh() : form.formKey,
            errors: errors, notice: notice ?? (errors.isEmpty ? nil : "请按提示修改标红的项目后再提交。"),
            listingRef: form.listingRef, listingTitle: title)
        let meta = PageMeta(title: "提交需求", description: "请检查您填写的内容。", path: "/inquiry", noindex: true)
        return pages.render("inquiry", meta, InquiryView(form: formView(shown, districts: districts)), status: status)
    }

    /// The title of the listing a form is about, when the public may see it; `nil` when there is none, it is not
    /// public (a draft's title is named on no public page), or the database does not answer within a second.
    func listingTitle(_ ref: String?) async -> String? {
        guard let listing = await publicListing(ref) else { return nil }
        return listing.fields.title
    }

    /// The listing `ref` names when the public may see it.
    func publicListing(_ ref: String?) async -> Listing? {
        await namedListing(ref).flatMap { ListingStatus.publicStatuses.contains($0.status) ? $0 : nil }
    }

    /// The listing `ref` names, in any state; `nil` when there is none or the database does not answer in a second.
    func namedListing(_ ref: String?) async -> Listing? {
        guard let ref, ListingRef.isWellFormed(ref.uppercased()) else { return nil }
        let listings = self.listings
        return try? await Deadline.run(within: .seconds(1)) { try await listings.read { try await $0.find(ref: ref) } }
    }

    struct ThanksView: Sendable {
        let receipt: String
        /// The listing asked about, when it is still public (a link back to it).
        let listing: String?
        /// The listing asked about is no longer public: similar ones are offered instead.
        let unavailable: Bool
        let similar: [ListingCard]
        let hasSimilar: Bool
    }

    func thanks(_ query: FormFields) async -> Response {
        let receipt = query["receipt"].flatMap { UUID(uuidString: $0) }?.uuidString.lowercased() ?? ""
        let asked = query["listing"].flatMap { ListingRef.isWellFormed($0.uppercased()) ? $0.uppercased() : nil }
        let named = await namedListing(asked)
        let shown = named.flatMap { ListingStatus.publicStatuses.contains($0.status) ? $0 : nil }
        var similar: [ListingCard] = []
        if let named, shown == nil, named.status != .draft {
            let site = self
            similar =
                (try? await Deadline.run(within: .seconds(1)) { try await site.similarListings.like(named) })?
                .map(ListingCard.init) ?? []
        }
        let meta = PageMeta(
            title: "已收到您的咨询", description: "招商专员将尽快与您联系。", path: "/inquiry/thanks", noindex: true)
        let view = ThanksView(
            receipt: receipt, listing: shown?.ref, unavailable: asked != nil && shown == nil, similar: similar,
            hasSimilar: !similar.isEmpty)
        return pages.render("thanks", meta, view)
    }
}
