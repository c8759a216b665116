import Foundation
import ParkDeskStore
import Testing

/// Listings and leads entered as one line of text: what was read is shown, asked about, then saved.
@Suite struct TextCommandTests {
    static let title = "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院"

    @Test func aTitleBecomesAListingAfterShowingWhatWasRead() async throws {
        let cli = try await CLIHarness.make("text-listing")
        let refused = await cli.failure("listing", "add", "--from-text", Self.title, "--price", "面议")
        #expect(refused?.contains("not saved") == true)
        #expect(try await cli.count("listings") == 0)
        let output = try await cli.run(
            ["listing", "add", "--from-text", Self.title, "--price", "面议", "--json"], answering: ["是"])
        #expect(output.contains("区县 district: 湘潭县  ← “易俗河”"))
        #expect(output.contains("行车吨位 craneTons: 16 吨  ← “行车16吨”"))
        #expect(output.contains("特色 features: 重工、独门独院"))
        let json = try #require(
            output.split(separator: "\n").drop { !$0.hasPrefix("{") }.joined(separator: "\n").data(using: .utf8))
        let listing = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(listing["title"] as? String == Self.title)
        #expect(listing["buildingArea"] as? Double == 4000 && listing["craneTons"] as? Double == 16)
        #expect(listing["features"] as? [String] == ["重工", "独门独院"])
    }

    @Test func flagsWinOverTheTextAndAnIncompleteTextSavesNothing() async throws {
        let cli = try await CLIHarness.make("text-flags")
        let output = try await cli.run(
            [
                "listing", "add", "--from-text", Self.title, "--crane-tons", "20", "--price", "12", "--price-unit",
                "元/㎡/月", "--yes",
            ])
        #expect(output.contains("（以参数为准 the flag wins）") && output.contains("added XT-"))
        let show = try await cli.run("listing", "list", "--json")
        #expect(show.contains("\"craneTons\" : 20") || show.contains("\"craneTons\":20"))
        let missing = await cli.failure("listing", "add", "--from-text", "湘潭县厂房出租,行车10吨", "--yes")
        #expect(missing?.contains("--building-area") == true, "\(missing ?? "")")
        #expect(try await cli.count("listings") == 1)
    }

    @Test func aCallNoteBecomesALeadWithTheWordsKept() async throws {
        let cli = try await CLIHarness.make("text-lead")
        let note = "王总,做工程机械的,要3000到5000平的厂房,最好湘潭县或九华,行车10吨以上,年税收300万左右,电话138 1234 5678"
        let output = try await cli.run(["lead", "add", "--from-text", note, "--company", "湘潭某机械有限公司", "--yes"])
        #expect(output.contains("用途 intendedUse: 工程机械  ← “做工程机械的”") && output.contains("added lead LD-"))
        #expect(try await cli.count("leads WHERE contact_name = '王总' AND mobile = '13812345678'") == 1)
        #expect(
            try await cli.count(
                "leads WHERE min_area_m2 = 3000 AND max_area_m2 = 5000 AND min_crane_tons = 10 "
                    + "AND expected_tax_wan = 300 AND wanted_kinds = '{factory}' AND cardinality(district_ids) = 2 "
                    + "AND company = '湘潭某机械有限公司' "
                    + "AND need_text = '\(note)'") == 1)
        let noMobile = await cli.failure("lead", "add", "--from-text", "要厂房3000平", "--yes")
        #expect(noMobile?.contains("--mobile") == true)
        #expect(try await cli.count("leads") == 1)
    }

    @Test func aFileOfTitlesImportsAllOrNothing() async throws {
        let cli = try await CLIHarness.make("text-import")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("titles-\(UUID()).txt")
        try "\u{FEFF}\(Self.title)\n\n九华标准厂房二楼1500㎡出租,层高6米,承重1吨,12元/平/月\n湘潭县厂房出租\n".write(
            to: file, atomically: true, encoding: .utf8)
        let refused = await cli.failure("listing", "import", file.path)
        #expect(refused?.contains("1 bad row(s)") == true)
        #expect(try await cli.count("listings") == 0)
        let partly = try await cli.run("listing", "import", file.path, "--skip-invalid", "--status", "draft")
        #expect(partly.contains("skipped line 4:") && partly.contains("imported 2 listing(s)"))
        #expect(try await cli.count("listings WHERE floor = 2 AND clear_height_m = 6 AND status = 'draft'") == 1)
        let summary = try await cli.run("listing", "parse", "--file", file.path, "--summary")
        #expect(summary.contains("parsed 3 title(s)") && summary.contains("3 fully understood"))
        let shown = try await cli.run("listing", "parse", "湘潭县厂房3000平出租，10吨")
        #expect(shown.contains("“10吨”  吨数附近没有“行车”或“承重”"))
    }
}
