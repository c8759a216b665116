import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// `parkdesk token …`: bearer tokens for the admin API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Create, list and revoke admin API tokens.",
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self])
}

struct TokenCreate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a token and print it once (only its hash is stored).",
        discussion: """
            A token carries the rights of a staff member: --staff names one (`parkdesk staff add`); without it the
            token gets a member of its own, named like the token, with --role (admin 管理员 or agent 招商专员).

            Examples:
              parkdesk token create --name website-cms --role agent
              parkdesk token create --name wang-phone --staff wang
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "A name to recognise the token by: letters, digits, . _ @ -.") var name: String
    @Option(help: "For a token of its own: admin or agent (default agent).") var role: String = StaffRole.agent.rawValue
    @Option(help: "The login of the staff member whose rights the token carries.") var staff: String?

    func run() async throws {
        guard let role = StaffRole.parse(role), role != .park else {
            throw ValidationError("--role must be admin or agent (a park member's token names --staff)")
        }
        let created = try await global.withDatabase { database in
            try await database.tokens.create(name: name, role: role, staff: staff, actor: CLIContext.actor)
        }
        CLIContext.print(created.secret)
        CLIContext.printError(
            "token '\(created.token.name)' of \(created.token.member.login) (\(created.token.role.label)) created; "
                + "it is shown only now — store it safely"
        )
    }
}

struct TokenList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never their secrets).")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let tokens = try await global.withDatabase { database in
            try await database.tokens.list()
        }
        let formatter = ISO8601DateFormatter()
        var lines = ["名称 name\t员工 staff\t角色 role\t前缀 prefix\t创建 created\t最后使用 last used\t状态 state"]
        for token in tokens {
            lines.append(
                [
                    token.name, token.member.login, token.role.label, token.prefix + "…",
                    formatter.string(from: token.createdAt),
                    token.lastUsedAt.map(formatter.string) ?? "-",
                    token.revokedAt == nil ? "有效 live" : "已吊销 revoked",
                ].joined(separator: "\t"))
        }
        CLIContext.print(lines.joined(separator: "\n"))
    }
}

struct TokenRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a token; it stops working at once.",
        discussion: "Example:\n  parkdesk token revoke website-cms")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The token's name.") var name: String

    func run() async throws {
        try await global.withDatabase { database in
            try await database.tokens.revoke(name: name, actor: CLIContext.actor)
        }
        CLIContext.print("revoked token '\(name)'")
    }
}
