import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// 园区 (admins): every park with its district, address, other names and listing count; add one, or edit one in
/// place. The text parser (and the search, which reads with it) knows a new name as soon as it is saved.
extension StaffConsole {
    struct ParksView: Sendable {
        struct ParkRow: Sendable {
            let id, name, district, address, aliases, description: String
            let listings: Int
            let districts: [ListingFormView.Choice]
            let messages: [String: String]
        }
        let parks: [ParkRow]
        let new: ParkRow
        let message: String?
    }

    func parks(
        _ visit: Visit, editing: (id: String, form: FormFields, messages: [String: String])? = nil,
        message: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let districts = try await database.places.districts()
        func row(id: String, _ park: Park?, _ form: FormFields?, _ messages: [String: String]) -> ParksView.ParkRow {
            let district = form?["district"] ?? park?.district ?? ""
            return ParksView.ParkRow(
                id: id, name: form?.typed("name") ?? park?.name ?? "",
                district: district, address: form?.typed("address") ?? park?.address ?? "",
                aliases: form?.typed("aliases") ?? park?.aliases.joined(separator: "，") ?? "",
                description: form?.typed("description") ?? park?.description ?? "",
                listings: park?.activeListings ?? 0,
                districts: [ListingFormView.Choice(value: "", label: "请选择", selected: district.isEmpty)]
                    + districts.map {
                        ListingFormView.Choice(value: $0.name, label: $0.name, selected: $0.name == district)
                    },
                messages: messages)
        }
        let all = try await database.places.parks()
        let view = ParksView(
            parks: all.map { park in
                let edited = editing?.id == String(park.id) ? editing : nil
                return row(id: String(park.id), park, edited?.form, edited?.messages ?? [:])
            },
            new: row(
                id: "", nil, editing?.id == "" ? editing?.form : nil, editing?.id == "" ? editing?.messages ?? [:] : [:]
            ),
            message: message)
        return pages.render("parks", title: "园区", visit: visit, view, status: status)
    }

    /// Adds a park (no id) or changes one; field errors come back beside the fields, the typed values kept.
    func savePark(_ visit: Visit, _ form: FormFields) async throws -> Response {
        let id = form["id"] ?? ""
        let draft = ParkDraft(
            name: form["name"], district: form["district"], address: form.typed("address"),
            description: form.typed("description"),
            aliases: form.typed("aliases").split(whereSeparator: { ",，、\n".contains($0) }).map(String.init))
        do {
            let park =
                if let number = Int(id) {
                    try await database.places.updatePark(id: number, draft, actor: visit.actor)
                } else {
                    try await database.places.addPark(draft, actor: visit.actor)
                }
            return try await parks(visit, message: "已保存园区“\(park.name)”。")
        } catch let failure as ValidationFailed {
            return try await parks(
                visit, editing: (id, form, ConsoleMessages.byField(failure, hints: ConsoleMessages.listingHints)),
                message: "请修改标出的项目后再保存。", status: .unprocessableContent)
        }
    }
}
