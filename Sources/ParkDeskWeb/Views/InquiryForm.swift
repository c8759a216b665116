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
    /// The one-time key that makes a double click or a reload one inquiry.
    let formKey: String
    /// When the form was shown (ms since 1970), so that a post made faster than people type is recognised.
    let issued: Int64
    let listingRef, listingTitle: String?

    init(
        fields: FormFields = FormFields(""), errors: [String: String] = [:], notice: String? = nil,
        listingRef: String? = nil, listingTitle: String? = nil, now: Date = Date()
    ) {
        self.fields = fields
        self.errors = errors
        self.notice = notice
        formKey = fields["formKey"] ?? UUID().uuidString.lowercased()
        issued = fields["issued"].flatMap { Int64($0) } ?? Int64(now.timeIntervalSince1970 * 1000)
        self.listingRef = listingRef ?? fields["listingRef"]
        self.listingTitle = listingTitle
    }

    /// The draft these fields describe, and the fields that should be numbers and are not.
    func read(privacyVersion: String) -> (draft: LeadDraft, unreadable: [FieldError]) {
        var errors: [FieldError] = []
        func decimal(_ name: String) -> Decimal? {
            guard let text = fields[name]?.replacingOccurrences(of: ",", with: "") else { return nil }
            guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                errors.append(FieldError(name, "is not a number"))
                return nil
            }
            return value
        }
        var draft = LeadDraft()
        draft.source = .web
        draft.needText = fields["needText"]
        draft.intendedUse = fields["intendedUse"]
        draft.expectedTax = decimal("expectedTax")
        draft.company = fields["company"]
        draft.contactName = fields["contactName"]
        draft.mobile = fields["mobile"]
        draft.kinds = fields.all("kinds").compactMap { ListingKind(rawValue: $0) }
        draft.deal = fields["deal"].flatMap { DealType(rawValue: $0) }
        draft.minArea = decimal("minArea")
        draft.maxArea = decimal("maxArea")
        draft.areaInMu = fields["areaUnit"] == "mu"
        draft.districts = fields.all("districts")
        draft.budget = decimal("budget")
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

    /// The time the visitor spent on the form, when the form says when it was shown.
    func fillMillis(now: Date = Date()) -> Int? {
        guard fields["issued"] != nil else { return nil }
        let spent = Int64(now.timeIntervalSince1970 * 1000) - issued
        return (0...86_400_000).contains(spent) ? Int(spent) : nil
    }

    /// The fields in one spelling (sorted, without the key), so that a resend is recognised as the same.
    var canonicalBody: Data {
        let pairs = fields.pairs.filter { $0.name != "formKey" }.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
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

    static let hints: [String: String] = [
        "needText": "需求最多 2000 字", "intendedUse": "用途最多 200 字",
        "expectedTax": "请填写数字（万元/年），不能为负", "company": "公司名称最多 200 字",
        "contactName": "请填写联系人（最多 60 字）", "mobile": "请填写 11 位手机号，如 138 1234 5678",
        "kinds": "请从列表中选择类型", "deal": "请从列表中选择租售方式",
        "minArea": "请填写大于 0 的数字", "maxArea": "请填写大于 0 的数字，且不小于最小面积",
        "districts": "请从列表中选择区县", "budget": "请填写大于 0 的数字",
        "budgetUnit": "请选择预算单位", "message": "留言最多 2000 字",
        "listingRef": "房源编号有误，请从房源页面提交", "consent": "请阅读并同意隐私声明后提交",
    ]
}
