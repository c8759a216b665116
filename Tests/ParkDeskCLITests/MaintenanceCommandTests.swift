import Testing

/// `parkdesk maintenance run` as staff type it.
@Suite struct MaintenanceCommandTests {
    @Test func aRunSaysWhatItRemovedAndABadSettingSaysWhichInOneLine() async throws {
        let cli = try await CLIHarness.make("maintcli")
        try await cli.execute(
            "INSERT INTO rate_limit_buckets (bucket, tokens, allowed, updated_at) "
                + "VALUES ('x', 1, true, now() - interval '2 hours')")
        let output = try await cli.run("maintenance", "run")
        #expect(output.hasPrefix("rate-limit buckets forgotten: 1\nidempotency keys forgotten: 0"))
        #expect(output.contains("leads purged: 0 (no PARKDESK_LEAD_RETENTION_DAYS)"))
        let bad = CLIHarness(url: cli.url, extra: ["PARKDESK_LEAD_RETENTION_DAYS": "7"])
        #expect(
            await bad.failure("maintenance", "run")
                == "PARKDESK_LEAD_RETENTION_DAYS must be a whole number in 30–36500, not '7'.")
    }
}
