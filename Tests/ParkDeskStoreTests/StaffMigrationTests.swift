import Foundation
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Issue 31: the API tokens and lead assignees of a database from before the console become staff members by
/// migration, nothing lost — same ids, names as logins, roles kept, assignees and agents' channels still theirs.
@Suite struct StaffMigrationTests {
    @Test func tokensAndAssigneesBecomeStaffMembers() async throws {
        let all = Migrator(logger: TestDatabase.logger)
        let before = NSTemporaryDirectory() + "parkdesk-before-staff-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: before, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: all.directory)
        where file.hasSuffix(".sql") && file < "0018" {
            try FileManager.default.copyItem(atPath: all.directory + "/" + file, toPath: before + "/" + file)
        }
        let config = try await TestDatabase.shared.empty()
        try await withClient(config) { client in
            _ = try await Migrator(directory: before, logger: TestDatabase.logger).migrate(client)
            let secret = "pd_agent-secret-from-before-the-console-00000000"
            try await client.query(
                """
                INSERT INTO api_tokens (name, role, token_hash, prefix, created_by)
                VALUES ('office-cms', 'admin', sha256('x'::bytea), 'pd_x', 'ops'),
                       ('zhang.wei', 'agent', sha256(convert_to(\(secret), 'UTF8')), 'pd_agen', 'ops'),
                       ('gone', 'agent', sha256('y'::bytea), 'pd_y', 'ops')
                """)
            try await client.query("UPDATE api_tokens SET revoked_at = now() WHERE name = 'gone'")
            try await client.query(
                """
                INSERT INTO leads (mobile, source, created_by, assignee_id)
                SELECT '13812345678', 'hotline', 'ops', id FROM api_tokens WHERE name = 'zhang.wei'
                """)
            try await client.query(
                """
                INSERT INTO notify_channels (name, kind, url, agent_id)
                SELECT 'zhang-phone', 'wecom', 'https://qyapi.weixin.qq.com/x', id
                FROM api_tokens WHERE name = 'zhang.wei'
                """)
            let ids = try await Self.ids(client, "SELECT id, name FROM api_tokens")

            _ = try await all.migrate(client)
            let staff = try await Self.ids(client, "SELECT id, login FROM staff")
            #expect(staff == ids)
            let database = Database(client: client, logger: TestDatabase.logger)
            let members = try await database.staff.list()
            #expect(members.first { $0.login == "office-cms" }?.role == .admin)
            #expect(members.first { $0.login == "zhang.wei" }?.role == .agent)
            #expect(members.first { $0.login == "gone" }?.disabledAt != nil)
            #expect(members.allSatisfy { !$0.hasPassword })
            let lead = try #require(try await database.leads.list(LeadFilter()).first)
            #expect(lead.assignee == "zhang.wei" && lead.assigneeID == ids["zhang.wei"])
            let token = try #require(try await database.tokens.authenticate(secret: secret))
            #expect(token.member.login == "zhang.wei" && token.role == .agent)
            let channels = try await database.notifications.channels()
            #expect(channels.first?.agent == "zhang.wei")
            // a new member never takes an id a token had
            let added = try await database.staff.add(login: "new", displayName: "新人", role: .agent, actor: "t")
            #expect(!ids.values.contains(added.id))
        }
    }

    static func ids(_ client: PostgresClient, _ sql: String) async throws -> [String: Int] {
        var ids: [String: Int] = [:]
        for try await (id, name) in try await client.query(PostgresQuery(unsafeSQL: sql)).decode((Int, String).self) {
            ids[name] = id
        }
        return ids
    }
}
