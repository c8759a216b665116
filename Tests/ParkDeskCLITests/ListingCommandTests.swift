import Foundation
import Testing
import ParkDeskCLI

@Suite struct ListingCommandTests {
    /// One listing of each kind, as staff would add it, read back through `show --json`.
    static let kindSamples: [(kind: String, flags: [String], check: [String: String])] = [
        (
            "factory",
            [
                "--kind", "厂房", "--deal", "出租", "--title", "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院",
                "--district", "易俗河", "--building-area", "4000㎡", "--standalone", "--single-storey",
                "--crane-tons", "16", "--features", "独门独院,大车进出", "--price", "12.5", "--price-unit", "元/㎡/月",
            ],
            [
                "kind": "factory", "district": "湘潭县", "craneTons": "16", "craneCount": "1", "buildingArea": "4000",
                "priceMonthlyPerM2": "12.5", "kindLabel": "厂房",
            ]
        ),
        (
            "warehouse",
            [
                "--kind", "warehouse", "--deal", "rent", "--title", "岳塘区标准仓库2000平米出租", "--district", "yuetang",
                "--building-area", "2000", "--price", "0.8", "--price-unit", "yuan-per-m2-day",
            ],
            ["kind": "warehouse", "priceMonthlyPerM2": "24", "priceUnit": "yuan-per-m2-day"]
        ),
        (
            "office",
            [
                "--kind", "办公", "--deal", "sale", "--title", "高新区写字楼整层出售", "--district", "湘潭高新区",
                "--building-area", "800", "--storeys", "20", "--floor", "12", "--price", "560", "--price-unit", "万元",
            ],
            ["kind": "office", "floor": "12", "priceTotalYuan": "5600000"]
        ),
        (
            "industrial-land",
            [
                "--kind", "工业用地", "--deal", "转让", "--title", "九华工业用地30亩转让", "--district", "九华",
                "--land-area", "30亩", "--land-nature", "国有", "--title-status", "有产权证",
                "--tenure-years", "50", "--price", "540", "--price-unit", "wan-yuan-total",
            ],
            ["kind": "industrial-land", "landArea": "20000.1", "landAreaMu": "30", "titleStatus": "certified"]
        ),
        (
            "commercial-land",
            [
                "--kind", "commercial-land", "--deal", "sale", "--title", "北湖区商业用地出售", "--district", "北湖区",
                "--land-area", "5000", "--plot-ratio", "2.5", "--price", "面议",
            ],
            ["kind": "commercial-land", "priceUnit": "negotiable", "priceLabel": "面议"]
        ),
        (
            "collective-land",
            [
                "--kind", "集体建设用地", "--deal", "transfer", "--title", "湘乡市集体建设用地转让",
                "--district", "湘乡市", "--land-area", "20亩", "--land-nature", "集体",
                "--title-status", "权属公示中", "--price", "negotiable",
            ],
            ["kind": "collective-land", "titleStatus": "public-notice", "landNature": "collective"]
        ),
        (
            "farmland",
            [
                "--kind", "农用地", "--deal", "rent", "--title", "湘潭养猪农庄用地出租", "--district", "湘潭县",
                "--land-area", "50亩", "--allowed-uses", "养殖,种植", "--water-source", "山塘",
                "--price", "600", "--price-unit", "元/亩/年",
            ],
            ["kind": "farmland", "landAreaMu": "50", "priceUnit": "yuan-per-mu-year"]
        ),
    ]

    @Test(arguments: 0..<7)
    func eachKindRoundTripsThroughTheDatabase(index: Int) async throws {
        let sample = Self.kindSamples[index]
        let cli = try await CLIHarness.make("kind")
        let added = try await cli.run(["listing", "add", "--status", "active"] + sample.flags)
        let ref = try #require(added.split(separator: " ").dropFirst().first.map(String.init))
        #expect(
            ref.hasPrefix("XT-2026-") || ref.hasPrefix("CZ-2026-")
                || ref.range(of: #"^[A-Z]{2}-\d{4}-\d{6}$"#, options: .regularExpression) != nil)
        let json = try await cli.json("listing", "show", ref, "--json")
        for (key, expected) in sample.check {
            #expect(json[key].map { "\($0)" } == expected, "\(sample.kind).\(key)")
        }
        #expect(json["status"] as? String == "active")
        #expect(json["title"] as? String == sample.flags[sample.flags.firstIndex(of: "--title")! + 1])
    }

    @Test func chineseTextSurvivesUnchangedAndIsNFC() async throws {
        let cli = try await CLIHarness.make("unicode")
        let decomposed = "Cafe\u{0301}厂房𠀀𪚥🏭"  // combining accent, CJK extension B, emoji
        let out = try await cli.run(
            "listing", "add", "--kind", "factory", "--deal", "rent", "--title", decomposed,
            "--district", "雨湖区", "--building-area", "100", "--price", "面议",
            "--description", "第一行\n第二行,\"引号\"")
        let ref = String(out.split(separator: " ")[1])
        let json = try await cli.json("listing", "show", ref, "--json")
        #expect(json["title"] as? String == "Caf\u{00E9}厂房𠀀𪚥🏭")
        #expect(json["description"] as? String == "第一行\n第二行,\"引号\"")
    }

    @Test func badInputNamesTheFieldAndWritesNothing() async throws {
        let cli = try await CLIHarness.make("bad")
        let base = ["listing", "add", "--deal", "rent", "--title", "测试厂房", "--district", "雨湖区"]
        let cases: [([String], String)] = [
            (["--kind", "castle", "--building-area", "10", "--price", "面议"], "--kind: 'castle' is not one of"),
            (["--kind", "factory", "--building-area", "-5", "--price", "面议"], "--building-area"),
            (
                ["--kind", "farmland", "--land-area", "10亩", "--crane-tons", "5", "--price", "面议"],
                "--crane-tons: does not apply to farmland"
            ),
            (["--kind", "factory", "--building-area", "100", "--price", "12"], "--price-unit: is required"),
            (["--kind", "factory", "--building-area", "100", "--price-unit", "元/㎡/月"], "--price: is required"),
            (
                [
                    "--kind", "factory", "--building-area", "100", "--price", "面议", "--latitude", "95", "--longitude",
                    "112",
                ], "--latitude: must be between -90"
            ),
            (
                ["--kind", "factory", "--building-area", "100", "--price", "面议", "--latitude", "27.9"],
                "--longitude: give latitude and longitude together"
            ),
            (
                [
                    "--kind", "factory", "--building-area", "100", "--price", "面议", "--description",
                    String(repeating: "长", count: 5001),
                ], "--description: must be at most 5000"
            ),
            (
                ["--kind", "factory", "--building-area", "100.123", "--price", "面议"],
                "--building-area: must have at most 2 decimal places"
            ),
            (
                ["--kind", "factory", "--building-area", "100", "--price", "100", "--price-unit", "万元"],
                "--price-unit: a rent"
            ),
        ]
        for (flags, expected) in cases {
            let message = await cli.failure(base + flags)
            #expect(message?.contains(expected) == true, "\(flags) → \(message ?? "no error")")
            #expect(message?.contains("\n") == false)
        }
        let unknownDistrict = await cli.failure(
            "listing", "add", "--kind", "factory", "--deal", "rent", "--title", "测试厂房",
            "--district", "火星区", "--building-area", "100", "--price", "面议")
        #expect(unknownDistrict?.contains("--district: unknown district '火星区'") == true)
        let longTitle = await cli.failure(
            "listing", "add", "--kind", "factory", "--deal", "rent", "--title", String(repeating: "厂", count: 121),
            "--district", "雨湖区", "--building-area", "100", "--price", "面议")
        #expect(longTitle?.contains("--title: must be at most 120 characters") == true)
        #expect(try await cli.count("listings") == 0)
    }

    @Test func statusLifecycleAllowsOnlyLegalChangesAndKeepsHistory() async throws {
        let cli = try await CLIHarness.make("status")
        let ref = try await cli.addFactory(title: "状态测试厂房")
        #expect(await cli.failure("listing", "status", ref, "leased")?.contains("cannot change from draft") == true)
        try await cli.run("listing", "status", ref, "active", "--note", "上架")
        try await cli.run("listing", "status", ref, "洽谈中", "--note", "客户考察")
        #expect(
            await cli.failure("listing", "status", ref, "sold")?.contains("a rental (出租) cannot become sold") == true)
        try await cli.run("listing", "status", ref, "leased")
        #expect(await cli.failure("listing", "status", ref, "draft")?.contains("allowed: active") == true)
        #expect(await cli.failure("listing", "status", ref, "bogus")?.contains("is not one of") == true)
        #expect(try await cli.count("listing_status_history") == 4)
        let shown = try await cli.run("listing", "show", ref)
        #expect(shown.contains("状态记录 history:") && shown.contains("在租/在售 → 洽谈中 · tester (客户考察)"))
        let json = try await cli.json("listing", "show", ref, "--json")
        #expect(json["status"] as? String == "leased")
    }

    @Test func editChangesOnlyGivenFieldsAndRefusesStaleVersions() async throws {
        let cli = try await CLIHarness.make("edit")
        let out = try await cli.run(
            "listing", "add", "--kind", "factory", "--deal", "rent", "--title", "编辑测试厂房",
            "--district", "雨湖区", "--building-area", "1200", "--crane-tons", "5",
            "--price", "13", "--price-unit", "yuan-per-m2-month")
        let ref = String(out.split(separator: " ")[1])
        try await cli.run("listing", "edit", ref, "--price", "14", "--expect-version", "1")
        let json = try await cli.json("listing", "show", ref, "--json")
        #expect("\(json["priceAmount"] ?? "")" == "14")
        #expect("\(json["craneTons"] ?? "")" == "5")
        #expect(json["title"] as? String == "编辑测试厂房")
        #expect(json["version"] as? Int == 2)
        let stale = await cli.failure("listing", "edit", ref, "--price", "15", "--expect-version", "1")
        #expect(stale?.contains("changed meanwhile") == true)
        let wrongKind = await cli.failure("listing", "edit", ref, "--kind", "farmland")
        #expect(wrongKind?.contains("--land-area: is required") == true)
        #expect(await cli.failure("listing", "edit", "XT-2099-999999", "--price", "1")?.contains("no listing") == true)
        let after = try await cli.json("listing", "show", ref, "--json")
        #expect("\(after["priceAmount"] ?? "")" == "14")
    }

    @Test func listFiltersAndPrintsAJSONArray() async throws {
        let cli = try await CLIHarness.make("list")
        try await cli.run("seed", "--demo")
        let text = try await cli.run("listing", "list", "--kind", "厂房", "--district", "易俗河", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(!array.isEmpty)
        #expect(array.allSatisfy { $0["kind"] as? String == "factory" && $0["district"] as? String == "湘潭县" })
        let big = try await cli.run("listing", "list", "--min-area", "30亩", "--json")
        let bigOnes = try #require(try JSONSerialization.jsonObject(with: Data(big.utf8)) as? [[String: Any]])
        #expect(bigOnes.allSatisfy { Double("\($0["buildingArea"] ?? $0["landArea"] ?? 0)")! >= 20000.1 })
        let table = try await cli.run("listing", "list", "--status", "active", "--limit", "5")
        #expect(table.contains("编号") && table.contains("共 5 条"))
        #expect(await cli.failure("listing", "list", "--kind", "castle")?.contains("--kind") == true)
    }

    @Test func seedIsIdempotentAndHasTheSourceListings() async throws {
        let cli = try await CLIHarness.make("seed")
        let first = try await cli.run("seed", "--demo")
        #expect(first.contains("added 55 listing(s)"))
        let second = try await cli.run("seed", "--demo")
        #expect(second.contains("added 0 listing(s)"))
        // the first buildings come with an outside and an inside view, drawn locally
        #expect(try await cli.count("listing_media WHERE file_sha256 IS NOT NULL") >= 6)
        #expect(try await cli.count("media_files WHERE width = 1280 AND height = 960") >= 6)
        let parks = try await cli.run("park", "list")
        #expect(parks.contains("湘潭经开区") && parks.contains("临武高新区"))
        let park = try await cli.run("park", "show", "湘潭经开区")
        #expect(park.contains("在架房源 active listings:"))
    }

    @Test func syntheticSeedLoadsWhatItSaysAndAnalysesTheTables() async throws {
        let cli = try await CLIHarness.make("synthetic")
        let out = try await cli.run("seed", "--synthetic", "--listings", "300", "--leads", "120", "--seed", "7")
        #expect(out.contains("added 300 listing(s) and 120 lead(s)"))
        #expect(try await cli.count("listings") == 300)
        #expect(try await cli.count("leads WHERE mobile ~ '^1[3-9][0-9]{9}$'") == 120)
        #expect(
            try await cli.count(
                "pg_stat_user_tables WHERE relname IN ('listings', 'leads') AND last_analyze IS NOT NULL") == 2)
        #expect(await cli.failure("seed", "--synthetic")?.contains("--listings") == true)
    }

    @Test func expireRetiresStaleListingsOnly() async throws {
        let cli = try await CLIHarness.make("expire")
        try await cli.run("seed", "--demo")
        #expect(try await cli.run("listing", "expire").contains("expired 0"))
        try await cli.execute(
            "UPDATE listings SET updated_at = now() - interval '200 days' WHERE ref = 'XT-2026-000001'")
        try await cli.execute(
            "UPDATE listings SET updated_at = now() - interval '200 days', status = 'withdrawn' WHERE ref = "
                + "'XT-2026-000002'"
        )
        let out = try await cli.run("listing", "expire")
        #expect(out.contains("expired 1 listing(s): XT-2026-000001"))
        let json = try await cli.json("listing", "show", "XT-2026-000001", "--json")
        #expect(json["status"] as? String == "expired")
        #expect(
            try await cli.count("listing_status_history WHERE to_status = 'expired' AND from_status = 'active'") == 1)
        #expect(await cli.failure("listing", "expire", "--days", "0")?.contains("--days") == true)
    }

    @Test func databaseRulesHoldEvenWhenTheAppIsBypassed() async throws {
        let cli = try await CLIHarness.make("checks")
        try await cli.run("seed", "--demo")
        let farmland =
            "INSERT INTO listings (kind, deal, title, district_id, land_area_m2, price_unit, crane_count, "
            + "crane_max_tons) VALUES ('farmland', 'rent', '农田', 1, 1000, 'negotiable', 1, 5)"
        await #expect(throws: (any Error).self) { try await cli.execute(farmland) }
        await #expect(throws: (any Error).self) {
            // active → draft is not legal
            try await cli.execute("UPDATE listings SET status = 'draft' WHERE ref = 'XT-2026-000001'")
        }
        await #expect(throws: (any Error).self) {
            try await cli.execute(
                "INSERT INTO listings (kind, deal, title, district_id, building_area_m2, price_unit) VALUES "
                    + "('factory', 'rent', '无价', 1, 10, 'yuan-per-m2-month')"
            )
        }
        #expect(try await cli.count("listings") == 55)
    }

    @Test func concurrentEditsOfOneVersionLetExactlyOneWin() async throws {
        let cli = try await CLIHarness.make("race")
        let ref = try await cli.addFactory(title: "并发测试厂房")
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    (await cli.failure("listing", "edit", ref, "--town", "镇\(i)", "--expect-version", "1")) == nil
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
        let json = try await cli.json("listing", "show", ref, "--json")
        #expect(json["version"] as? Int == 2)
    }

    @Test func parkAddValidates() async throws {
        let cli = try await CLIHarness.make("park")
        try await cli.run("park", "add", "--name", "测试园区", "--district", "韶山市")
        #expect(
            await cli.failure("park", "add", "--name", "测试园区", "--district", "韶山市")?.contains("exists already") == true)
        #expect(await cli.failure("park", "add", "--name", "园", "--district", "韶山市")?.contains("--name") == true)
        #expect(
            await cli.failure("park", "add", "--name", "别的园区", "--district", "nowhere")?.contains("--district") == true)
        #expect(await cli.failure("park", "show", "不存在")?.contains("no park") == true)
    }
}
