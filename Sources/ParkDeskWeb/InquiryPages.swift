import Foundation
import Hummingbird
import ParkDeskCore
import ParkDeskStore

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
        var issued: String
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
            issued: String(form.issued), listingRef: form.listingRef, listingTitle: form.listingTitle,
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
        let title = await listingTitle(ref)
        let form = InquiryForm(listingRef: title == nil ? nil : ref, listingTitle: title)
        let meta = PageMeta(
            title: "提交需求",
            description: "告诉我们您的需求、用途、税收、公司、联系人和手机号，招商专员将尽快与您联系。",
            path: "/inquiry")
        return pages.render("inquiry", meta, InquiryView(form: formView(form, districts: try await districts())))
    }

    /// A posted form: the same intake as `POST /api/v1/leads`, then 303 to the thank-you page.
    func submit(_ fields: FormFields, clientAddress: String?) async throws -> Response {
        let form = InquiryForm(fields: fields)
        let away = "系统暂时繁忙，您的咨询还没有提交。请稍后再点“提交”，或直接拨打产业招商热线 \(office.hotline)。您填写的内容都在下面。"
        if monitor.unavailableReason != nil { return await again(form, notice: away, status: .serviceUnavailable) }
        do {
            var submission = LeadIntake.Submission(
                draft: await withNeedRead(try form.checkedDraft(privacyVersion: office.privacyVersion)),
                canonicalBody: form.canonicalBody)
            submission.honeypot = fields["website"]
            submission.fillMillis = form.fillMillis()
            submission.idempotencyKey = "web-" + form.formKey
            submission.clientAddress = clientAddress
            let intake = self.intake
            let receipt = try await Deadline.run(within: formDeadline) { [submission] in
                try await intake.receive(submission)
            }
            var target = "/inquiry/thanks?receipt=" + receipt.receipt.uuidString.lowercased()
            if let ref = form.listingRef, ListingRef.isWellFormed(ref) { target += "&listing=" + ref }
            return Response(status: .seeOther, headers: [.location: target, .cacheControl: "no-store"])
        } catch let invalid as ValidationFailed {
            return await again(form, errors: InquiryForm.messages(invalid), status: .badRequest)
        } catch let refusal as LeadIntake.Refusal {
            let notice =
                switch refusal {
                case .rateLimited: "提交太频繁了，请稍后再试，或直接拨打产业招商热线 \(office.hotline)。您填写的内容都在下面。"
                case .keyReused, .keyInFlight: "这份表单已经提交过，请稍候刷新页面；如需再次咨询，请重新打开表单。"
                }
            return await again(form, notice: notice, status: .tooManyRequests)
        } catch  where error is Deadline.Exceeded || DatabaseFault.named(error) is DatabaseFault {
            return await again(form, notice: away, status: .serviceUnavailable)
        }
    }

    /// The draft with the need's empty fields filled from the person's own words (需求), so that the lead is
    /// matched on them too; as typed when the words say nothing or the place names cannot be read within a second.
    func withNeedRead(_ draft: LeadDraft) async -> LeadDraft {
        guard let text = draft.needText, !text.isEmpty else { return draft }
        let places = self.places
        guard
            let parser = try? await Deadline.run(
                within: .seconds(1), { try await places.read { try await $0.textParser() } })
        else {
            return draft
        }
        return draft.fillingNeed(from: parser.need(text).draft)
    }

    /// The form again with what was typed, the messages, and the same one-time key. The listing's title and the
    /// district list are looked up briefly, and left out when the database does not answer.
    func again(
        _ form: InquiryForm, errors: [String: String] = [:], notice: String? = nil, status: HTTPResponse.Status
    ) async -> Response {
        let site = self
        let title = await listingTitle(form.listingRef)
        let districts = (try? await Deadline.run(within: .seconds(1)) { try await site.districts() }) ?? []
        let shown = InquiryForm(
            fields: form.fields, errors: errors, notice: notice ?? (errors.isEmpty ? nil : "请按提示修改标红的项目后再提交。"),
            listingRef: form.listingRef, listingTitle: title)
        let meta = PageMeta(title: "提交需求", description: "请检查您填写的内容。", path: "/inquiry", noindex: true)
        return pages.render("inquiry", meta, InquiryView(form: formView(shown, districts: districts)), status: status)
    }

    /// The title of the listing a form is about; `nil` when there is none, or the database does not answer
    /// within a second (the form is shown without it).
    func listingTitle(_ ref: String?) async -> String? {
        guard let ref else { return nil }
        let listings = self.listings
        return try? await Deadline.run(within: .seconds(1)) {
            try await listings.read { try await $0.find(ref: ref).fields.title }
        }
    }

    struct ThanksView: Sendable {
        let receipt: String
        let listing: String?
    }

    func thanks(_ query: FormFields) -> Response {
        let receipt = query["receipt"].flatMap { UUID(uuidString: $0) }?.uuidString.lowercased() ?? ""
        let listing = query["listing"].flatMap { ListingRef.isWellFormed($0) ? $0 : nil }
        let meta = PageMeta(
            title: "已收到您的咨询", description: "招商专员将尽快与您联系。", path: "/inquiry/thanks", noindex: true)
        return pages.render("thanks", meta, ThanksView(receipt: receipt, listing: listing))
    }
}
