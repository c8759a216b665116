import Foundation
import ParkDeskCore
import ParkDeskHTTP

/// The listing form as the template shows it: sections (those of other kinds hidden and disabled, so that they
/// are not posted; the script shows them when the kind changes), each field with its value, its message, the
/// words the parser read it from, and in a conflict the value someone else saved.
struct ListingFormView: Sendable {
    struct Choice: Sendable, TemplateFields {
        let value, label: String
        let selected: Bool
        var templateFields: [String: Any] { ["value": value, "label": label, "selected": selected] }
    }

    struct FieldView: Sendable, TemplateFields {
        let name, label, value: String
        let unit, message, theirs, parsed: String?
        let input: String
        let choices: [Choice]

        var templateFields: [String: Any] {
            [
                "name": name, "label": label, "value": value, "unit": unit.templateValue,
                "message": message.templateValue, "theirs": theirs.templateValue, "parsed": parsed.templateValue,
                "isText": input == "text", "isNumber": input == "number", "isDate": input == "date",
                "isTextarea": input == "textarea", "isSelect": input == "select",
                "choices": choices.map(\.templateFields),
            ]
        }
    }

    struct SectionView: Sendable, TemplateFields {
        let legend, kinds: String
        let shown: Bool
        let fields: [FieldView]
        var templateFields: [String: Any] {
            ["legend": legend, "kinds": kinds, "shown": shown, "fields": fields.map(\.templateFields)]
        }
    }

    /// An error listed above the form, with the label of its field.
    struct Problem: Sendable {
        let label, text: String
    }

    let action: String
    let version: String?
    /// The saved fields' fingerprint when the form was shown (`ListingForm.fingerprint`).
    let base: String?
    let sections: [SectionView]
    let problems: [Problem]
    let conflict: Bool
    let hasProblems: Bool

    /// What the form is made of besides its values.
    struct Context: Sendable {
        let districts: [District]
        /// The parks the member may choose; `parkRequired` for park staff (no “不在园区”).
        let parks: [Park]
        let parkRequired: Bool
    }

    init(
        action: String, version: Int?, base: String? = nil, values: [String: String], messages: [String: String] = [:],
        parsed: [String: String] = [:], theirs: [String: String] = [:], context: Context
    ) {
        self.action = action
        self.version = version.map(String.init)
        self.base = base
        conflict = !theirs.isEmpty
        let kind = values["kind"].flatMap(ListingKind.init(rawValue:))
        var labels: [String: String] = [:]
        sections = ListingForm.sections.map { section in
            SectionView(
                legend: section.legend, kinds: (section.kinds ?? []).map(\.rawValue).joined(separator: " "),
                shown: section.kinds == nil || kind.map { section.kinds?.contains($0) ?? true } ?? true,
                fields: section.fields.map { field in
                    labels[field.name] = field.label
                    let value = values[field.name] ?? ""
                    return FieldView(
                        name: field.name, label: field.label, value: value, unit: field.unit,
                        message: messages[field.name], theirs: theirs[field.name], parsed: parsed[field.name],
                        input: Self.inputName(field.input),
                        choices: Self.choices(field, value: value, context: context))
                })
        }
        problems = messages.sorted { $0.key < $1.key }.map { Problem(label: labels[$0.key] ?? "房源", text: $0.value) }
        hasProblems = !problems.isEmpty
    }

    static func inputName(_ input: ListingForm.Input) -> String {
        switch input {
        case .text: "text"
        case .number: "number"
        case .date: "date"
        case .textarea: "textarea"
        case .select: "select"
        }
    }

    static func choices(_ field: ListingForm.Field, value: String, context: Context) -> [Choice] {
        switch field.name {
        case "district":
            let chosen = context.districts.first { $0.matches(value) }?.name
            return [Choice(value: "", label: "请选择", selected: chosen == nil)]
                + context.districts.map {
                    Choice(value: $0.name, label: "\($0.name)（\($0.cityName)）", selected: $0.name == chosen)
                }
        case "park":
            let chosen = context.parks.first { $0.name == value || $0.aliases.contains(value) }?.name
            return (context.parkRequired ? [] : [Choice(value: "", label: "不在园区", selected: chosen == nil)])
                + context.parks.map { Choice(value: $0.name, label: $0.name, selected: $0.name == chosen) }
        default:
            guard case .select(let options) = field.input else { return [] }
            return options.map { Choice(value: $0.value, label: $0.label, selected: $0.value == value) }
        }
    }
}
