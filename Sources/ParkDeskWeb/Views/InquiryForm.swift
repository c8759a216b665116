import ParkDeskHTTP
import Foundation
import ParkDeskCore

/// The inquiry form (需求·用途·税收·公司·联系人·手机号 and the need's details): what the visitor typed, read into
/// a `LeadDraft` for the same capture the API uses, and shown again with a Chinese message beside every wrong
/// field. Field names are the draft's.
struct InquiryForm: Sendable {
    /// The values as typed (kept when the form comes back with errors).
    let fields: FormFields
    /// Field name → the message shown beside it.
    let errors: [String: String]
    /// A message for the whole form (too many inquiries, the database away).
    let notice: String?
    /// The one-time key that makes a double click or a reload one inquiry, signed with the time the form was
    /// shown (`FormKeys`).
    let formKey: String
    let listingRef, listingTitle: String?

    init(
        fields: FormFields = FormFields(""), formKey: String, errors: [String: String] = [:], notice: String? = nil,
        listingRef: String? = nil, listingTitle: String? = nil
    ) {
        self.fields = fields
        self.errors = errors
        self.notice = notice
        self.formKey = formKey
        self.listingRef = listingRef ?? fields["listingRef"]
        self.listingTitle = listingTitle
    }

    /// The draft these fields describe, and the fields that should be numbers and are not.
    func read(privacyVersion: String) -> (draft: LeadDraft, unreadable: [FieldError]) {
        var errors: [FieldError] = []
        /// A number as the text parser reads one (full-width digits, 1.5亿, 3百万); anything else is a field error
        /// and the typed value is kept.
        func decimal(_ name: String, _ field: TypedNumber.Field) -> Decimal? {
            guard let text = fields[name], !text.isEmpty else { return nil }
            guard let value = TypedNumber.read(text, as: field) else {
                errors.append(FieldError(name, "is not a number"))
                return nil
            }
            return value
        }
        let inMu = fields["areaUnit"] == "mu"
        let area = TypedNumber.Field.quantity(units: inMu ? ["亩"] : ["㎡", "m2", "m²", "平", "平米", "平方", "平方米"])
        let budgetTotal = fields["budgetUnit"] == PriceUnit.wanYuanTotal.rawValue
        var draft = LeadDraft()
        draft.source = .web
        draft.needText = fields["needText"]
        draft.intendedUse = fields["intendedUse"]
        draft.expectedTax = decimal("expectedTax", .wanYuan)
        draft.company = fields["company"]
        draft.contactName = fields["contactName"]
        draft.mobile = fields["mobile"]
        draft.kinds = fields.all("kinds").compactMap { ListingKind(rawValue: $0) }
        draft.deal = fields["deal"].flatMap { DealType(rawValue: $0) }
        draft.minArea = decimal("minArea", area)
        draft.maxArea = decimal("maxArea", area)
        draft.areaInMu = inMu
        draft.districts = fields.all("districts")
        draft.budget = decimal("budget", budgetTotal ? .wanYuan : .quantity(units: ["元", "元/㎡/月", "元/平/月"]))
        draft.budgetUnit = draft.budget == nil ? nil : fields["budgetUnit"].flatMap { PriceUnit(rawValue: $0) }
        draft.message = fields["message"]
        draft.listingRef = fields["listingRef"]
        draft.consentVersion = fields.isOn("consent") ? privacyVersion : nil
        return (draft, errors)
    }

    /// The draft, or every field error at once: numbers that are not numbers and the lead's own rules.
    func checkedDraft(privacyVersion: String) throws(ValidationFailed) -> LeadDraft {
        let (draft, unreadable) = read(privacyVersion: privacyVersion)
        guard !unreadable.isEmpty else { return draft }
        var errors = unreadable
        do {
            _ = try draft.validated()
        } catch {
            errors += error.errors.filter { rule in !unreadable.contains { $0.field == rule.field } }
        }
        throw ValidationFailed(errors)
    }

    /// The time the visitor spent on a form shown at `issued` (from its signed key); a day or more reads as a day.
    static func fillMillis(issued: Int64, now: Date = Date()) -> Int {
        Int(min(max(Int64(now.timeIntervalSince1970 * 1000) - issued, 0), 86_400_000))
    }

    /// The fields in one spelling (sorted, without the key and the time), so that a resend is recognised as the
    /// same.
    var canonicalBody: Data {
        let pairs = fields.pairs.filter { $0.name != "formKey" && $0.name != "issued" }.sorted {
            ($0.name, $0.value) < ($1.name, $1.value)
        }
        return Data(FormFields(pairs: pairs).encoded().utf8)
    }

    /// The messages for Core's field errors, in Chinese, by form field.
    static func messages(_ failure: ValidationFailed) -> [String: String] {
        var messages: [String: String] = [:]
        for error in failure.errors {
            let field = error.field == "consentVersion" ? "consent" : error.field
            messages[field] = messages[field] ?? hints[field] ?? "请检查此项"
        }
        return messages
    }

    /// The fields the form shows, each with its own place for a message.
    static let shownFields: Set<String> = [
        "needText", "intendedUse", "expectedTax", "company", "contactName", "mobile", "kinds", "deal", "minArea",
        "maxArea", "districts", "budget", "budgetUnit", "message", "consent",
    ]

    static let hints: [String: String] = [
        "needText": "需求最多 2000 字", "intendedUse": "用途最多 200 字",
        "expectedTax": "请填写一个数（万元/年），如 300 或 1.5亿", "company": "公司名称最多 200 字",
        "contactName": "请填写联系人（最多 60 字）", "mobile": "请填写 11 位手机号，如 138 1234 5678",
        "kinds": "请从列表中选择类型", "deal": "请从列表中选择租售方式",
        "minArea": "请填写大于 0 的数字", "maxArea": "请填写大于 0 的数字，且不小于最小面积",
        "districts": "请从列表中选择区县", "budget": "请填写大于 0 的数字",
        "budgetUnit": "请选择预算单位", "message": "留言最多 2000 字",
        "listingRef": "房源编号有误，请从房源页面提交", "consent": "请阅读并同意隐私声明后提交",
    ]
}
