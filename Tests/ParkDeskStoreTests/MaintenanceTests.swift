import Foundation
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Housekeeping with rows of each kind just inside and just outside their windows.
@Suite struct MaintenanceTests {
    /// Fixed statements of the test's own, separated by ";" at line ends.
    static func run(_ client: PostgresClient, _ sql: String) async throws {
        for statement in sql.components(separatedBy: ";\n") {
            do { _ = try await client.query(PostgresQuery(unsafeSQL: statement)) } catch {
                Issue.record("\(String(reflecting: error))")
                throw error
            }
        }
    }

    static func strings(_ client: PostgresClient, _ sql: String) async throws -> [String] {
        var values: [String] = []
        for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(String.self) {
            values.append(value)
        }
        return values
    }

    @Test func eachKindOfRowGoesJustAfterItsWindowAndNotBefore() async throws {
        let config = try await TestDatabase.shared.fresh("maintenance")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            try await Self.run(
                client,
                """
                INSERT INTO rate_limit_buckets (bucket, tokens, allowed, updated_at) VALUES
                    ('lead:old', 10, true, now() - interval '61 minutes'),
                    ('lead:fresh', 3, true, now() - interval '59 minutes');
                INSERT INTO idempotency_keys (key, request_hash, claimed_at) VALUES
                    ('old', decode(repeat('00', 32), 'hex'), now() - interval '24 hours 1 minute'),
                    ('fresh', decode(repeat('00', 32), 'hex'), now() - interval '23 hours 59 minutes');
                INSERT INTO dropped_lead_posts (day, reason, count) VALUES
                    ((now() AT TIME ZONE 'Asia/Shanghai')::date - 91, 'honeypot', 3),
                    ((now() AT TIME ZONE 'Asia/Shanghai')::date - 90, 'honeypot', 2)
                """)
            var draft = ListingDraft()
            (draft.kind, draft.deal, draft.district, draft.buildingArea) = (.factory, .rent, "湘潭县", 2000)
            (draft.priceAmount, draft.priceUnit) = (10, .yuanPerM2Month)
            draft.title = "过期厂房"
            let stale = try await database.listings.create(draft, status: .active, actor: "t")
            draft.title = "仍在租厂房"
            let fresh = try await database.listings.create(draft, status: .active, actor: "t")
            try await Self.run(
                client,
                """
                UPDATE listings SET updated_at = now() - interval '181 days' WHERE ref = '\(stale.ref)';
                UPDATE listings SET updated_at = now() - interval '179 days' WHERE ref = '\(fresh.ref)'
                """)
            for (mobile, days) in [("13900000001", 31), ("13900000002", 29)] {
                var lead = LeadDraft()
                (lead.mobile, lead.contactName, lead.source) = (mobile, "客户😀", .hotline)
                _ = try await database.leads.capture(try lead.validated(), arrival: .init(actor: "t", audited: true))
                try await Self.run(
                    client, "UPDATE leads SET updated_at = now() - interval '\(days) days' WHERE mobile = '\(mobile)'")
            }
            try await Self.run(
                client,
                """
                INSERT INTO notify_channels (name, kind, url, secret)
                VALUES ('crm', 'webhook', 'http://127.0.0.1:9/x', 'k');
                INSERT INTO notify_outbox (event_id, event, channel_id, state, finished_at, created_at, detail)
                SELECT gen_random_uuid(), 'test', c.id, s.state::outbox_state, now() - s.age, now() - s.age,
                       jsonb_build_object('channel', s.name)
                FROM notify_channels c, (VALUES ('old', 'delivered', interval '31 days'),
                                                ('fresh', 'delivered', interval '29 days'),
                                                ('dead', 'dead', interval '60 days')) AS s(name, state, age);
                INSERT INTO notify_outbox (event_id, event, channel_id, created_at, detail)
                SELECT gen_random_uuid(), 'test', id, now() - interval '60 days', '{"channel":"waiting"}'
                FROM notify_channels
                """)

            var policy = MaintenancePolicy()
            policy.leadRetentionDays = 30
            let report = try #require(try await database.maintenance.run(policy, actor: "maintenance"))
            #expect(report.rateLimitBuckets == 1 && report.idempotencyKeys == 1 && report.droppedPostDays == 1)
            #expect(report.expiredListings == [stale.ref])
            #expect(report.purgedLeads == 1 && report.deliveredNotifications == 1)
            #expect(try await Self.strings(client, "SELECT bucket FROM rate_limit_buckets") == ["lead:fresh"])
            #expect(try await Self.strings(client, "SELECT key FROM idempotency_keys") == ["fresh"])
            #expect(try await Self.strings(client, "SELECT count::text FROM dropped_lead_posts") == ["2"])
            #expect(try await database.listings.find(ref: stale.ref).status == .expired)
            #expect(try await database.listings.find(ref: fresh.ref).status == .active)
            #expect(try await Self.strings(client, "SELECT mobile FROM leads") == ["13900000002"])
            #expect(
                try await Self.strings(client, "SELECT detail->>'channel' FROM notify_outbox ORDER BY 1")
                    == ["dead", "fresh", "waiting"])
            #expect(
                try await Self.strings(client, "SELECT action FROM audit_log WHERE actor = 'maintenance' ORDER BY 1")
                    == ["lead.purge", "listing.expire"])

            // a second run finds nothing; without a retention no lead is purged
            let again = try #require(try await database.maintenance.run(MaintenancePolicy(), actor: "maintenance"))
            #expect(again == MaintenanceReport())
        }
    }

    /// Issue 29: on a fresh database of 100,000 synthetic listings housekeeping expired them all in one statement,
    /// past serve's statement limit, and failed every hour. It works in batches with a limit of its own: here
    /// 6,000 stale listings and 3,000 old leads under a 300 ms statement limit on every connection.
    @Test func housekeepingOfThousandsFinishesUnderAShortStatementLimit() async throws {
        var config = try await TestDatabase.shared.fresh("maintenancebig")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            var draft = ListingDraft()
            (draft.kind, draft.deal, draft.district, draft.buildingArea) = (.factory, .rent, "湘潭县", 2000)
            (draft.priceAmount, draft.priceUnit, draft.title) = (10, .yuanPerM2Month, "批量厂房")
            _ = try await database.listings.create(draft, status: .active, actor: "t")
            var lead = LeadDraft()
            (lead.mobile, lead.contactName, lead.source) = ("13900000009", "客户", .hotline)
            _ = try await database.leads.capture(try lead.validated(), arrival: .init(actor: "t", audited: true))
            _ = try await client.query(
                PostgresQuery(
                    unsafeSQL: """
                        DO $$
                        DECLARE listing_columns text; lead_columns text;
                        BEGIN
                            SELECT string_agg(quote_ident(column_name), ', ') INTO listing_columns
                            FROM information_schema.columns
                            WHERE table_name = 'listings' AND column_name NOT IN ('id', 'ref')
                              AND is_generated = 'NEVER'
                              AND column_default IS DISTINCT FROM 'nextval' AND identity_generation IS NULL;
                            EXECUTE format('INSERT INTO listings (%s) SELECT %s FROM listings, '
                                           'generate_series(1, 5999)', listing_columns, listing_columns);
                            SELECT string_agg(quote_ident(column_name), ', ') INTO lead_columns
                            FROM information_schema.columns
                            WHERE table_name = 'leads' AND column_name NOT IN ('id', 'ref', 'mobile')
                              AND is_generated = 'NEVER'
                              AND identity_generation IS NULL;
                            EXECUTE format('INSERT INTO leads (mobile, %s) SELECT ''139'' || lpad(g::text, 8, ''0''), %s
                                            FROM leads, generate_series(1, 2999) AS g', lead_columns, lead_columns);
                        END $$;
                        """))
            try await Self.run(
                client,
                """
                UPDATE listings SET updated_at = now() - interval '200 days';
                UPDATE leads SET updated_at = now() - interval '400 days'
                """)
        }
        config.options.additionalStartupParameters = [("statement_timeout", "300")]
        try await withClient(config) { client in
            var policy = MaintenancePolicy()
            policy.leadRetentionDays = 365
            let database = Database(client: client, logger: TestDatabase.logger)
            let report = try #require(try await database.maintenance.run(policy, actor: "maintenance"))
            #expect(report.expiredListings.count == 6_000 && report.purgedLeads == 3_000)
            #expect(
                try await Self.strings(client, "SELECT count(*)::text FROM listings WHERE status = 'expired'") == [
                    "6000"
                ])
            #expect(try await Self.strings(client, "SELECT count(*)::text FROM leads") == ["0"])
        }
    }

    @Test func oneInstanceAtATime() async throws {
        let config = try await TestDatabase.shared.fresh("maintenancelock")
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            try await client.withTransaction(logger: TestDatabase.logger) { other in
                _ = try await other.query(
                    "SELECT pg_advisory_xact_lock(hashtextextended('parkdesk:maintenance', 0))",
                    logger: TestDatabase.logger)
                #expect(try await database.maintenance.run(MaintenancePolicy(), actor: "m") == nil)
            }
            #expect(try await database.maintenance.run(MaintenancePolicy(), actor: "m") != nil)
        }
    }
}
