import ArgumentParser
import Foundation
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore

/// `parkdesk staff …`: the office's staff, who sign in to the console at /staff. There is no default password: a
/// new member (the first admin too) gets a one-time link to set theirs, valid for 24 hours.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Add and list staff members, make password links, disable and enable members.",
        subcommands: [StaffAdd.self, StaffList.self, StaffLink.self, StaffDisable.self, StaffEnable.self])
}

struct StaffAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a staff member and print a one-time link to set their password.",
        discussion: """
            Roles: admin (管理员: everything), agent (招商专员: their own leads in full, others' masked; no export,
            merge or erase), park (园区人员: the listings and leads of the parks given with --park).

            Examples:
              parkdesk staff add --login office --name 办公室 --role admin
              parkdesk staff add --login wang --name 王芳 --mobile 13812345678 --role agent
              parkdesk staff add --login tianyi --name 天易园区 --role park --park 湘潭天易经开区
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Login: letters, digits, . _ @ - (at most 60).") var login: String
    @Option(help: "The name shown in the console.") var name: String
    @Option(help: "admin, agent or park.") var role: String
    @Option(help: "Mobile number.") var mobile: String?
    @Option(help: "A park the member serves (name or id; park members; repeat for more).") var park: [String] = []

    func run() async throws {
        guard let role = StaffRole.parse(role) else {
            throw ValidationError("--role must be one of \(StaffRole.choices)")
        }
        let (member, link) = try await global.withDatabase { database in
            let member = try await database.staff.add(
                login: login, displayName: name, mobile: mobile, role: role, parks: park, actor: CLIContext.actor)
            return (member, try await database.staff.passwordLink(for: member.login, actor: CLIContext.actor))
        }
        CLIContext.print(try StaffLink.url(link))
        CLIContext.printError(
            "staff member '\(member.login)' (\(member.role.label)) added; the link above sets the password (24 h, once)"
        )
    }
}

struct StaffList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List staff members.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let members = try await global.withDatabase { database in try await database.staff.list() }
        let rows = members.map { member in
            let state =
                member.disabledAt != nil ? "已停用 disabled" : member.hasPassword ? "可登录 active" : "未设密码 no password"
            let parks = member.parkIDs.map(String.init).joined(separator: ",")
            return "\(member.login)\t\(member.displayName)\t\(member.role.label)\t\(parks)\t\(state)"
        }
        CLIContext.print((["登录名 login\t姓名 name\t角色 role\t园区 parks\t状态 state"] + rows).joined(separator: "\n"))
    }
}

/// `staff link|disable|enable LOGIN`: one change to one member, and the line that says what it did.
protocol StaffChange: AsyncParsableCommand {
    var global: GlobalOptions { get }
    var login: String { get }
    static func change(_ staff: StaffStore, login: String) async throws -> String
}

extension StaffChange {
    func run() async throws {
        let login = self.login
        CLIContext.print(
            try await global.withDatabase { database in try await Self.change(database.staff, login: login) })
    }
}

struct StaffLink: StaffChange {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Print a new one-time link to set (or reset) a member's password (24 h).",
        discussion: "Earlier unused links of the member stop working.\n\nExample:\n  parkdesk staff link wang")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The member's login.") var login: String

    static func change(_ staff: StaffStore, login: String) async throws -> String {
        try url(try await staff.passwordLink(for: login, actor: CLIContext.actor))
    }

    /// The console's address of a link secret (`PARKDESK_PUBLIC_URL` + /staff/password?token=…).
    static func url(_ secret: String) throws -> String {
        try AppConfiguration.fromEnvironment(CLIContext.environment).publicURL + "/staff/password?token=" + secret
    }
}

struct StaffDisable: StaffChange {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable a member: their sessions end and their tokens stop working at once.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The member's login.") var login: String

    static func change(_ staff: StaffStore, login: String) async throws -> String {
        "disabled " + (try await staff.setDisabled(login: login, true, actor: CLIContext.actor)).login
    }
}

struct StaffEnable: StaffChange {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled member again.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The member's login.") var login: String

    static func change(_ staff: StaffStore, login: String) async throws -> String {
        "enabled " + (try await staff.setDisabled(login: login, false, actor: CLIContext.actor)).login
    }
}
