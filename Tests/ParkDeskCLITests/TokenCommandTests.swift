import Foundation
import ParkDeskStore
import Testing

/// `parkdesk token create|list|revoke`.
@Suite struct TokenCommandTests {
    @Test func createPrintsTheSecretOnceListShowsOnlyItsPrefixRevokeEndsIt() async throws {
        let cli = try await CLIHarness.make("token")
        let secret = try await cli.run("token", "create", "--name", "website-cms", "--role", "admin")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.hasPrefix("pd_") && secret.count == 46)
        let list = try await cli.run("token", "list")
        #expect(list.contains("website-cms") && list.contains("管理员") && list.contains(String(secret.prefix(8))))
        #expect(!list.contains(secret))
        #expect(try await cli.count("api_tokens WHERE token_hash = sha256(convert_to('\(secret)', 'UTF8'))") == 1)
        try await cli.run("token", "revoke", "website-cms")
        #expect(try await cli.run("token", "list").contains("已吊销"))
        #expect(
            try await cli.count("audit_log WHERE action IN ('token.create', 'token.revoke') AND actor = 'tester'") == 2)
    }

    @Test func badNamesRolesAndRepeatsFailWithOneLine() async throws {
        let cli = try await CLIHarness.make("tokenbad")
        #expect(
            await cli.failure("token", "create", "--name", "has space")
                == "--name: must be 1–60 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
        #expect(
            await cli.failure("token", "create", "--name", "ok", "--role", "boss")?.contains(
                "--role must be admin or agent (a park member's token names --staff)") == true)
        try await cli.run("token", "create", "--name", "twice")
        #expect(
            await cli.failure("token", "create", "--name", "twice") == "--name: a token named 'twice' exists already")
        #expect(await cli.failure("token", "revoke", "nobody") == "no active token 'nobody'")
        #expect(try await cli.count("api_tokens") == 1)
    }
}
