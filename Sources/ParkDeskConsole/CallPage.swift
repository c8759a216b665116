import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// A phone call becomes a lead: the agent types or pastes the note of the call, "识别" fills the empty fields from
/// it with the words they came from marked, the agent corrects them and saves; the note is kept as the need text.
/// An agent's own call is assigned to them.
extension StaffConsole {
    struct CallView: Sendable {
        struct Value: Sendable {
            let name, label, value: String
            let message: String?
        }
        struct Choice: Sendable {
            let value, label: String
            let selected: Bool
        }
        struct Piece: Sendable {
            let text: String
            let label: String?
        }
        let callText: String
        let pieces: [Piece]
        let fields: [Value]
        let kinds, deals, units, sources: [Choice]
        let message: String?
    }

    /// The call form's text fields, in the order shown.
    static let callFields: [(name: String, label: String)] = [
        ("contactName", "联系人"), ("mobile", "手机号"), ("company", "公司"), ("wechat", "微信"), ("intendedUse", "用途"),
        ("expectedTax", "税收（万元/年）"), ("minArea", "面积下限（㎡，或写“亩”）"), ("maxArea", "面积上限"), ("districts", "区县（多个用逗号）"),
        ("budget", "预算"), ("minCraneTons", "行车（吨）"),
    ]

    func call(_ visit: Visit, _ form: FormFields, post: Bool) async throws -> Response {
        guard post else { return callPage(visit, form, pieces: [], messages: [:], message: nil) }
        let text = form.typed("callText").precomposedStringWithCanonicalMapping
        if form["action"] == "parse" {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.unicodeScalars.count <= 2000
            else {
                return callPage(visit, form, pieces: [], messages: ["callText": "请先输入来电记录（最多 2000 字）"], message: nil)
            }
            let parsed = try await database.places.textParser().need(text)
            return callPage(
                visit, Self.filling(form, from: parsed.draft), pieces: Self.pieces(text, parsed.fields),
                messages: [:],
                message: parsed.fields.isEmpty ? "没有识别出字段，请手动填写。" : "已识别 \(parsed.fields.count) 项，请核对后保存。")
        }
        let (draft, unreadable) = Self.callDraft(form, text: text)
        do {
            guard unreadable.isEmpty else { throw ValidationFailed(unreadable) }
            let lead = try draft.validated()
            let capture = try await database.leads.capture(lead, arrival: .init(actor: visit.actor, audited: true))
            if visit.member.role == .agent {
                _ = try await database.leads.assign(ref: capture.ref, to: visit.member.login, actor: visit.actor)
            }
            return Self.redirect(to: Self.root + "/leads/" + capture.ref)
        } catch let failure as ValidationFailed {
            return callPage(
                visit, form, pieces: [], messages: ConsoleMessages.byField(failure), message: "请修改标出的项目后再保存。",
                status: .unprocessableContent)
        }
    }

    func callPage(
        _ visit: Visit, _ form: FormFields, pieces: [CallView.Piece], messages: [String: String], message: String?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let kinds = Set(form.all("kinds"))
        let view = CallView(
            callText: form.typed("callText"), pieces: pieces,
            fields: Self.callFields.map {
                .init(name: $0.name, label: $0.label, value: form.typed($0.name), message: messages[$0.name])
            },
            kinds: ListingKind.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: kinds.contains($0.rawValue))
            },
            deals: DealType.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: form["deal"] == $0.rawValue)
            },
            units: [PriceUnit.yuanPerM2Month, .wanYuanTotal].map {
                .init(value: $0.rawValue, label: $0.label, selected: form["budgetUnit"] == $0.rawValue)
            },
            sources: LeadSource.allCases.filter { $0 != .web }.map {
                .init(value: $0.rawValue, label: $0.label, selected: (form["source"] ?? "hotline") == $0.rawValue)
            },
            message: messages["callText"] ?? message)
        return pages.render("call", title: "记录来电", visit: visit, view, status: status)
    }

    /// The form with its empty fields filled from the parsed note.
    static func filling(_ form: FormFields, from parsed: LeadDraft) -> FormFields {
        let values: [String: String?] = [
            "contactName": parsed.contactName, "mobile": parsed.mobile, "company": parsed.company,
            "wechat": parsed.wechat, "intendedUse": parsed.intendedUse,
            "expectedTax": parsed.expectedTax.map { "\($0)" },
            "minArea": parsed.minArea.map { "\($0)" }, "maxArea": parsed.maxArea.map { "\($0)" },
            "districts": parsed.districts.map { $0.joined(separator: "，") }, "budget": parsed.budget.map { "\($0)" },
            "minCraneTons": parsed.minCraneTons.map { "\($0)" },
        ]
        var pairs = form.pairs.filter { pair in
            !(values[pair.name].flatMap { $0 } != nil && pair.value.trimmingCharacters(in: .whitespaces).isEmpty)
        }
        for (name, value) in values {
            if let value, form[name] == nil { pairs.append((name, value)) }
        }
        if form.all("kinds").isEmpty { pairs += (parsed.kinds ?? []).map { ("kinds", $0.rawValue) } }
        if form["deal"] == nil, let deal = parsed.deal { pairs.append(("deal", deal.rawValue)) }
        if form["budget"] == nil, let unit = parsed.budgetUnit { pairs.append(("budgetUnit", unit.rawValue)) }
        return FormFields(pairs: pairs)
    }

    /// The note cut at the words the parser read, each marked with its field's label.
    static func pieces(_ text: String, _ fields: [ParsedField]) -> [CallView.Piece] {
        let scalars = Array(text.unicodeScalars)
        var marks: [(start: Int, end: Int, label: String)] = []
        for field in fields { for span in field.spans { marks.append((span.start, span.end, field.label)) } }
        marks.sort { $0.start < $1.start }
        var pieces: [CallView.Piece] = []
        var at = 0
        func slice(_ from: Int, _ to: Int) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[max(0, from)..<min(scalars.count, to)])
            return String(view)
        }
        for mark in marks where mark.start >= at && mark.end <= scalars.count {
            if mark.start > at { pieces.append(.init(text: slice(at, mark.start), label: nil)) }
            pieces.append(.init(text: slice(mark.start, mark.end), label: mark.label))
            at = mark.end
        }
        if at < scalars.count { pieces.append(.init(text: slice(at, scalars.count), label: nil)) }
        return pieces
    }

    /// The lead draft of a call: the typed fields, numbers read exactly, and the note as the need text.
    static func callDraft(_ form: FormFields, text: String) -> (LeadDraft, [FieldError]) {
        var errors: [FieldError] = []
        func number(_ name: String, area: Bool = false) -> Decimal? {
            guard let typed = form[name] else { return nil }
            guard let value = area ? Area.parseSquareMetres(typed) : DecimalText.parse(typed) else {
                errors.append(FieldError(name, "is not a number"))
                return nil
            }
            return value
        }
        var draft = LeadDraft()
        draft.source = form["source"].flatMap(LeadSource.init(rawValue:)) ?? .hotline
        draft.needText = text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : text
        draft.contactName = form["contactName"]
        draft.mobile = form["mobile"]
        draft.company = form["company"]
        draft.wechat = form["wechat"]
        draft.intendedUse = form["intendedUse"]
        draft.expectedTax = number("expectedTax")
        draft.minArea = number("minArea", area: true)
        draft.maxArea = number("maxArea", area: true)
        draft.districts = form["districts"].map {
            $0.split(whereSeparator: { ",，、 ".contains($0) }).map(String.init)
        }
        draft.budget = number("budget")
        draft.budgetUnit = draft.budget == nil ? nil : form["budgetUnit"].flatMap(PriceUnit.init(rawValue:))
        draft.minCraneTons = number("minCraneTons")
        draft.kinds = form.all("kinds").compactMap(ListingKind.init(rawValue:))
        draft.deal = form["deal"].flatMap(DealType.init(rawValue:))
        return (draft, errors)
    }
}
