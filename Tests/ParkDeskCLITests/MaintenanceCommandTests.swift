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

    /// At a million listings the run printed every expired ref on one line (megabytes): the first 20 and a count.
    @Test func manyExpiredListingsAreNamedInPart() async throws {
        let cli = try await CLIHarness.make("maintmany")
        try await cli.run("seed", "--demo")
        try await cli.execute(
            "UPDATE listings SET updated_at = now() - interval '200 days' WHERE status IN ('active', 'pending')")
        let due = try await cli.column("SELECT count(*)::text FROM listings WHERE status IN ('active', 'pending')")
        let count = try #require(due.first.flatMap { Int($0) })
        #expect(count > 20)
        let output = try await cli.run("maintenance", "run")
        let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("listings expired:") })
        #expect(line.hasPrefix("listings expired: \(count) ("))
        #expect(line.hasSuffix(", … \(count - 20) more)"))
        #expect(line.split(separator: ",").count == 21)
    }
}
