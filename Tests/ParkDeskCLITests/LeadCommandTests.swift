import Foundation
import ParkDeskStore
import Testing

/// `parkdesk lead …` as hotline staff use it.
@Suite struct LeadCommandTests {
    static let call = [
        "lead", "add", "--contact", "王经理", "--mobile", "138-1234-5678", "--company", "湘潭某机械有限公司",
        "--use", "工程机械零部件", "--tax", "300", "--kinds", "厂房,仓库", "--deal", "出租", "--min-area", "3000",
        "--max-area", "5000", "--districts", "湘潭县,九华", "--crane", "10", "--need", "单层厂房，带行车", "--no-input",
    ]

    @Test func aHotlineCallBecomesALeadAndASecondCallAnInquiry() async throws {
        let cli = try await CLIHarness.make("lead-add")
        let added = try await cli.run(Self.call)
        #expect(added.hasPrefix("added lead LD-"))
        let ref = String(added.split(separator: " ")[2]).trimmingCharacters(in: .whitespacesAndNewlines)
        let again = try await cli.run(Self.call)
        #expect(again.contains("added an inquiry to open lead \(ref)"))
        let show = try await cli.run("lead", "show", ref)
        #expect(show.contains("手机号 mobile: 138 1234 5678"))
        #expect(show.contains("需求类型 kinds: 厂房、仓库"))
        #expect(show.contains("意向区域 districts: 湘潭县、湘潭经开区"))
        #expect(show.contains("来源 source: 400热线"))
        let list = try await cli.run("lead", "list")
        #expect(list.contains("138****5678") && !list.contains("13812345678"))
        #expect(
            try await cli.count("audit_log WHERE action IN ('lead.create', 'lead.inquiry') AND actor = 'tester'") == 2)
    }

    /// Issue 29: on a terminal, a typo in the tax answer ended the command and lost every answer before it. It asks
    /// again, and reads amounts as the text parser does (1.5亿 is 15,000 万元).
    @Test func aTypoInANumberIsAskedAgainNotTheEndOfTheCall() async throws {
        let cli = try await CLIHarness.make("lead-prompt")
        let added = try await cli.run(
            ["lead", "add", "--contact", "周总", "--mobile", "13912345670"],
            answering: ["湘潭某新材料公司", "新材料", "要 3000 平厂房", "3百万abc", "-5", "1.5亿"])
        #expect(added.hasPrefix("added lead LD-"))
        #expect(
            try await cli.column("SELECT concat_ws('|', company, intended_use, need_text, expected_tax_wan) FROM leads")
                == ["湘潭某新材料公司|新材料|要 3000 平厂房|15000.00"])
    }

    @Test func referencesKeepEveryDigitBeyondAMillion() async throws {
        let cli = try await CLIHarness.make("lead-ref")
        try await cli.execute("SELECT setval('lead_ref_seq', 999999), setval('listing_ref_seq', 999999)")
        let added = try await cli.run(Self.call)
        #expect(added.range(of: #"LD-\d{4}-1000000\b"#, options: .regularExpression) != nil, "\(added)")
        let listing = try await cli.run(
            "listing", "add", "--kind", "厂房", "--deal", "出租", "--title", "百万号厂房", "--district", "雨湖区",
            "--building-area", "1000", "--price", "10", "--price-unit", "元/㎡/月")
        #expect(listing.range(of: #"XT-\d{4}-1000000\b"#, options: .regularExpression) != nil, "\(listing)")
    }

    @Test func badInputNamesTheFlagAndStoresNothing() async throws {
        let cli = try await CLIHarness.make("lead-bad")
        let noMobile = await cli.failure("lead", "add", "--contact", "王", "--no-input")
        #expect(noMobile?.hasPrefix("--mobile: is required") == true)
        let bad = await cli.failure(
            "lead", "add", "--contact", "王", "--mobile", "12345", "--tax=-1", "--credit-code",
            "91430300MA4LXT0Q13", "--kinds", "城堡", "--no-input")
        #expect(bad?.contains("--kinds: '城堡' is not one of") == true)
        let rules = await cli.failure(
            "lead", "add", "--contact", "王", "--mobile", "12345", "--tax=-1", "--credit-code",
            "91430300MA4LXT0Q13", "--no-input")
        #expect(rules?.contains("--mobile: must be an 11-digit") == true)
        #expect(rules?.contains("--tax: must not be negative") == true)
        #expect(rules?.contains("--credit-code: check character is wrong") == true)
        #expect(
            await cli.failure("lead", "show", "XT-2026-000001")
                == "'XT-2026-000001' is not a lead reference like LD-2026-000001")
        #expect(await cli.failure("lead", "show", "LD-2026-999999") == "no lead 'LD-2026-999999'")
        #expect(try await cli.count("leads") == 0)
    }

    @Test func thePipelineNotesAssignmentAndErasure() async throws {
        let cli = try await CLIHarness.make("lead-pipeline")
        try await cli.run("token", "create", "--name", "zhang.wei", "--role", "agent")
        let ref = String(try await cli.run(Self.call).split(separator: " ")[2]).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(
            await cli.failure("lead", "status", ref, "签约")?.contains("cannot change from new (新线索) to signed (签约)")
                == true)
        #expect(
            await cli.failure("lead", "status", ref, "lost") == "--reason: is required when a lead becomes lost (流失)")
        #expect(try await cli.run("lead", "status", ref, "已联系").contains("已联系"))
        try await cli.run("lead", "note", ref, "客户要求行车20吨以上")
        #expect(try await cli.run("lead", "assign", ref, "--to", "zhang.wei").contains("zhang.wei"))
        #expect(await cli.failure("lead", "assign", ref) == "give either --to NAME or --none")
        let show = try await cli.run("lead", "show", ref)
        #expect(show.contains("负责人 assignee: zhang.wei"))
        #expect(show.contains("客户要求行车20吨以上"))
        #expect(show.contains("新线索 → 已联系"))
        #expect(await cli.failure("lead", "erase", ref) == "erasing cannot be undone; add --yes to confirm")
        try await cli.run("lead", "erase", ref, "--yes")
        let erased = try await cli.run("lead", "show", ref)
        #expect(!erased.contains("王经理") && !erased.contains("138") && !erased.contains("工程机械零部件"))
        #expect(erased.contains("需求类型 kinds"))
        #expect(await cli.failure("lead", "purge", "--older-than", "7") == "--older-than: must be at least 30 days")
        try await cli.execute("UPDATE leads SET updated_at = now() - interval '400 days'")
        #expect(try await cli.run("lead", "purge", "--older-than", "365", "--dry-run") == "would delete 1 lead(s)\n")
        #expect(try await cli.run("lead", "purge", "--older-than", "365") == "deleted 1 lead(s)\n")
        #expect(try await cli.count("leads") == 0)
        #expect(try await cli.count("lead_history") == 0)
    }

    @Test func exportWritesTheWholeFileOrNothing() async throws {
        let cli = try await CLIHarness.make("lead-export")
        try await cli.run(Self.call)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("线索.csv").path
        try await cli.run("lead", "export", "--out", file)
        let data = try #require(FileManager.default.contents(atPath: file))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[0].hasPrefix("线索编号,创建时间,状态"))
        #expect(lines[1].contains(",王经理,138 1234 5678,"))
        let english = try await cli.run("lead", "export", "--header", "en", "--no-bom", "--status", "new")
        #expect(english.hasPrefix("ref,created_at,status,"))
        let bad = directory.appendingPathComponent("bad.csv").path
        #expect(
            await cli.failure("lead", "export", "--out", bad, "--since", "2026-02-30")?.contains(
                "--since: must be a date") == true)
        #expect(!FileManager.default.fileExists(atPath: bad) && !FileManager.default.fileExists(atPath: bad + ".part"))
        #expect(await cli.failure("lead", "export", "--header", "fr") == "--header must be zh or en")
    }
}
