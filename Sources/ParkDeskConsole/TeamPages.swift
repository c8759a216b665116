import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// The team (admins): members with their roles and parks, adding one, a one-time link to set or reset a password,
/// disabling and enabling. A new link is shown once, on the page that made it.
extension StaffConsole {
    struct TeamView: Sendable {
        struct Member: Sendable {
            let login, name, role, parks, state: String
            let mobile: String?
            let disabled, hasPassword, isSelf: Bool
            let linkAction, disableAction: String
        }
        struct Choice: Sendable {
            let value, label: String
            let selected: Bool
        }
        let members: [Member]
        let roles, parks: [Choice]
        let login, displayName, mobile: String
        let messages: [String: String]
        let shownLink: ShownLink?
    }

    struct ShownLink: Sendable {
        let login, url: String
    }

    func team(
        _ visit: Visit, shownLink: ShownLink?, form: FormFields = FormFields(""), messages: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let members = try await database.staff.list()
        let parks = try await database.places.parkChoices()
        let parkNames = Dictionary(parks.map { ($0.id, $0.name ?? "") }, uniquingKeysWith: { a, _ in a })
        let chosenParks = Set(form.all("parks"))
        let view = TeamView(
            members: members.map { member in
                .init(
                    login: member.login, name: member.displayName, role: member.role.label,
                    parks: member.parkIDs.compactMap { parkNames[$0] }.joined(separator: "、"),
                    state: member.disabledAt != nil ? "已停用" : member.hasPassword ? "可登录" : "未设置密码",
                    mobile: member.mobile, disabled: member.disabledAt != nil, hasPassword: member.hasPassword,
                    isSelf: member.id == visit.member.id,
                    linkAction: Self.root + "/team/" + member.login + "/link",
                    disableAction: Self.root + "/team/" + member.login + "/disable")
            },
            roles: StaffRole.allCases.map {
                .init(value: $0.rawValue, label: $0.label, selected: (form["role"] ?? "agent") == $0.rawValue)
            },
            parks: parks.map {
                .init(value: String($0.id), label: $0.name ?? "", selected: chosenParks.contains(String($0.id)))
            },
            login: form.typed("login"), displayName: form.typed("displayName"), mobile: form.typed("mobile"),
            messages: messages, shownLink: shownLink)
        return pages.render("team", title: "团队", visit: visit, view, status: status)
    }

    func addMember(_ visit: Visit, _ form: FormFields) async throws -> Response {
        guard let role = form["role"].flatMap(StaffRole.init(rawValue:)) else {
            return try await team(
                visit, shownLink: nil, form: form, messages: ["role": "请选择角色"], status: .unprocessableContent)
        }
        do {
            defer { agentChoices.forgetAll() }
            let member = try await database.staff.add(
                login: form.typed("login"), displayName: form.typed("displayName"), mobile: form["mobile"], role: role,
                parks: form.all("parks"), actor: visit.actor)
            return try await memberLink(visit, login: member.login)
        } catch let failure as ValidationFailed {
            var messages = ConsoleMessages.byField(failure)
            if failure.errors.contains(where: { $0.field == "login" && $0.message.contains("exists") }) {
                messages["login"] = "登录名已被使用"
            }
            return try await team(visit, shownLink: nil, form: form, messages: messages, status: .unprocessableContent)
        }
    }

    func memberLink(_ visit: Visit, login: String) async throws -> Response {
        let secret = try await database.staff.passwordLink(for: login, actor: visit.actor)
        let url = publicURL + ConsolePage.passwordForm.path + "?token=" + secret
        return try await team(visit, shownLink: ShownLink(login: login, url: url))
    }

    func disableMember(_ visit: Visit, login: String, _ form: FormFields) async throws -> Response {
        let disable = form["disable"] != "0"
        guard !(disable && login.lowercased() == visit.member.login.lowercased()) else {
            return try await team(
                visit, shownLink: nil, messages: ["disable": "不能停用自己的账号"], status: .unprocessableContent)
        }
        _ = try await database.staff.setDisabled(login: login, disable, actor: visit.actor)
        agentChoices.forgetAll()
        return Self.redirect(to: ConsolePage.team.path)
    }
}
