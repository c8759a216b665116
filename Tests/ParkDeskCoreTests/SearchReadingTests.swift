import Foundation
import ParkDeskCore
import Testing

/// The search box read as people type: each query with the filters it must give (and nothing else) and the words
/// left as keywords, written `kind=factory district=yuhu crane>=20 q=钢结构` in any order.
@Suite struct SearchReadingTests {
    static let kinds: [(String, String)] = [
        ("厂房", "kind=factory"), ("车间", "kind=factory"), ("标准厂房", "kind=factory"), ("钢结构厂房", "kind=factory"),
        ("工厂", "kind=factory"), ("生产车间", "kind=factory"), ("仓库", "kind=warehouse"), ("库房", "kind=warehouse"),
        ("冷库", "kind=warehouse"), ("仓储", "kind=warehouse"), ("货仓", "kind=warehouse"), ("物流仓", "kind=warehouse"),
        ("办公楼", "kind=office"), ("写字楼", "kind=office"), ("工业用地", "kind=industrial-land"),
        ("工业地皮", "kind=industrial-land"), ("商业用地", "kind=commercial-land"),
        ("集体建设用地", "kind=collective-land"), ("农田", "kind=farmland"), ("土地流转", "kind=farmland"),
        ("土地", "kind=industrial-land,commercial-land,collective-land,farmland"),
        ("用地", "kind=industrial-land,commercial-land,collective-land,farmland"),
        ("猪场", "kind=farmland use=养殖"), ("养猪场", "kind=farmland use=养殖"), ("养殖场", "kind=farmland use=养殖"),
        ("养猪", "use=养殖"), ("厂房 仓库", "kind=factory,warehouse"), ("甲类仓库", "kind=warehouse"),
    ]

    static let deals: [(String, String)] = [
        ("出租", "deal=rent"), ("招租", "deal=rent"), ("厂房出租", "kind=factory deal=rent"),
        ("求租仓库", "kind=warehouse deal=rent"), ("租厂房", "kind=factory deal=rent"), ("出售", "deal=sale"),
        ("厂房出售", "kind=factory deal=sale"), ("买厂房", "kind=factory deal=sale"), ("转让", "deal=transfer"),
        ("厂房急转", "kind=factory deal=transfer"),
        ("买地", "kind=industrial-land,commercial-land,collective-land,farmland deal=sale"),
    ]

    static let places: [(String, String)] = [
        ("雨湖", "district=yuhu"), ("雨湖区", "district=yuhu"), ("岳塘", "district=yuetang"),
        ("湘潭县", "district=xiangtan-county"), ("易俗河", "district=xiangtan-county"),
        ("易俗河镇", "district=xiangtan-county"), ("天易", "district=xiangtan-county"), ("九华", "district=xiangtan-etdz"),
        ("昭山", "district=yuetang"), ("许家洞镇", "district=suxian"), ("苏仙", "district=suxian"),
        ("北湖区", "district=beihu"), ("湘潭", "district=city:XT"), ("湘潭市", "district=city:XT"),
        ("郴州", "district=city:CZ"), ("湘潭 仓库", "district=city:XT kind=warehouse"),
        ("郴州 厂房", "district=city:CZ kind=factory"), ("湘潭 雨湖", "district=yuhu"),
        ("雨湖 岳塘", "district=yuhu,yuetang"), ("湘潭高新区", "district=xiangtan-hitech"),
        ("天易经开区", "park=湘潭天易经开区"), ("天易工业园 厂房", "park=湘潭天易经开区 kind=factory"),
        ("临武工业园", "park=临武高新区"), ("资兴经开区 仓库", "park=资兴经开区 kind=warehouse"),
        ("湖南 厂房", "kind=factory"), ("湖南省湘潭市", "district=city:XT"), ("临武", "district=linwu"),
        ("桂阳工业园 桂阳工业园", "park=桂阳高新区"),
    ]

    static let areas: [(String, String)] = [
        ("4000平", "building=3600..4400"), ("4000平米", "building=3600..4400"), ("4000㎡", "building=3600..4400"),
        ("4000m2", "building=3600..4400"), ("5000平以上", "building=5000.."), ("5000平米以上", "building=5000.."),
        ("3000到5000平", "building=3000..5000"), ("3000-5000㎡", "building=3000..5000"),
        ("约3000平", "building=2700..3300"), ("3000平左右", "building=2700..3300"), ("至少2000平", "building=2000.."),
        ("不超过1000平", "building=..1000"), ("1000平以内", "building=..1000"), ("500平起", "building=500.."),
        ("30亩", "land=18000.09..22000.11"), ("30亩 工业用地", "kind=industrial-land land=18000.09..22000.11"),
        ("50亩以上 土地", "kind=industrial-land,commercial-land,collective-land,farmland land=33333.5.."),
        ("一万平", "building=9000..11000"), ("1.2万平", "building=10800..13200"),
        ("两千平米厂房", "kind=factory building=1800..2200"), ("工业用地 20000平", "kind=industrial-land land=18000..22000"),
        ("厂房3000多平", "kind=factory building=2700..3300"), ("４０００平", "building=3600..4400"),
        ("带办公楼200平", "feature=带办公楼 q=200平"),
    ]

    static let cranes: [(String, String)] = [
        ("行车", "crane>=0"), ("吊车", "crane>=0"), ("桥吊", "crane>=0"), ("天车", "crane>=0"), ("航车", "crane>=0"),
        ("龙门吊", "crane>=0"), ("桁车", "crane>=0"), ("行车20吨", "crane>=20"), ("20吨行车", "crane>=20"),
        ("20t行车", "crane>=20"), ("20T行车", "crane>=20"), ("行车 ≥ 20 吨", "crane>=20"), ("行车>=20吨", "crane>=20"),
        ("行车20吨以上", "crane>=20"), ("20吨以上的行车", "crane>=20"), ("行车不低于20吨", "crane>=20"),
        ("带行车16吨", "crane>=16"), ("16吨行车 厂房", "kind=factory crane>=16"), ("两台行车", "crane>=0"),
        ("行车五吨", "crane>=5"), ("二十吨行车", "crane>=20"), ("２０吨行车", "crane>=20"), ("吊车10吨", "crane>=10"),
        ("10吨吊车", "crane>=10"), ("行车 20吨", "crane>=20"), ("32吨桥吊", "crane>=32"),
    ]

    static let heightsAndPrices: [(String, String)] = [
        ("净高8米", "height>=8"), ("层高8米以上", "height>=8"), ("8米层高", "height>=8"), ("滴水10米", "height>=10"),
        ("净高不低于9米", "height>=9"), ("檐高12米", "height>=12"), ("租金12元以内", "rent=..12"),
        ("租金12元以下", "rent=..12"), ("每平15元以内", "rent=..15"), ("15元/㎡以下", "rent=..15"),
        ("1元/平/天", "rent=..30"), ("租金10到15元", "rent=10..15"), ("租金不超过20元", "rent=..20"),
        ("12元/平/月", "rent=..12"), ("300万以下", "total=..3000000"), ("总价500万以内", "total=..5000000"),
        ("1000万以上", "total=10000000.."), ("售价300万", "total=..3000000"), ("500万左右", "total=4500000..5500000"),
        ("出售 300万以下", "deal=sale total=..3000000"), ("月租2万以内", "q=月租2万以内"), ("年税收300万", "q=年税收300万"),
    ]

    static let features: [(String, String)] = [
        ("独门独院", "feature=独门独院"), ("独院", "feature=独门独院"), ("可环评", "feature=可环评"),
        ("大车进出", "feature=大车进出"), ("可进大车", "feature=大车进出"), ("带办公楼", "feature=带办公楼"),
        ("有宿舍", "feature=带宿舍"), ("水电齐全", "feature=水电齐全"), ("三通一平", "feature=三通一平"),
        ("可分割", "feature=可分割"), ("独栋", "standalone"), ("单层", "single=true"), ("多层", "single=false"),
        ("消防验收", "feature=消防验收"), ("独栋 单层 厂房", "standalone single=true kind=factory"),
        ("双回路", "feature=双回路供电"),
    ]

    static let refs: [(String, String)] = [
        ("XT-2026-000123", "ref=XT-2026-000123"), ("xt-2026-000123", "ref=XT-2026-000123"),
        ("ＸＴ－２０２６－０００１２３", "ref=XT-2026-000123"), ("xt 2026 000123", "ref=XT-2026-000123"),
        ("XT2026000123", "ref=XT-2026-000123"), ("CZ-2026-1234567", "ref=CZ-2026-1234567"),
        ("房源 XT-2026-000123", "ref=XT-2026-000123 q=房源"),
    ]

    static let combined: [(String, String)] = [
        ("雨湖 厂房 5000平以上", "district=yuhu kind=factory building=5000.."),
        ("雨湖 厂房 20吨行车", "district=yuhu kind=factory crane>=20"),
        (
            "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院",
            "district=xiangtan-county feature=重工 kind=factory building=3600..4400 standalone single=true deal=rent "
                + "crane>=16 feature=独门独院"
        ),
        ("我要在九华租3000平左右的厂房", "district=xiangtan-etdz deal=rent building=2700..3300 kind=factory"),
        ("找一个郴州的仓库", "district=city:CZ kind=warehouse"),
        ("湘潭县 厂房 出租 行车10吨", "district=xiangtan-county kind=factory deal=rent crane>=10"),
        (
            "郴州 土地 50亩以上",
            "district=city:CZ kind=industrial-land,commercial-land,collective-land,farmland land=33333.5.."
        ),
        ("苏仙 仓库 2000平左右 可分割", "district=suxian kind=warehouse building=1800..2200 feature=可分割"),
        ("钢结构 厂房", "kind=factory q=钢结构"), ("华菱 厂房", "kind=factory q=华菱"),
        ("湘潭华菱", "district=city:XT q=华菱"), ("岳塘 冷库 出租", "district=yuetang kind=warehouse deal=rent"),
        ("九华 标准厂房 租金15元以内", "district=xiangtan-etdz kind=factory rent=..15"),
        ("湘乡 工业用地 出售 300万以下", "district=xiangxiang kind=industrial-land deal=sale total=..3000000"),
        ("天易工业园 厂房 行车", "park=湘潭天易经开区 kind=factory crane>=0"),
        ("韶山 猪场", "district=shaoshan kind=farmland use=养殖"),
        ("厂房 净高10米 大车进出", "kind=factory height>=10 feature=大车进出"),
        ("食品厂 厂房", "kind=factory q=食品厂"), ("想找个独门独院的厂房", "feature=独门独院 kind=factory"),
        ("厂房 机械加工 行车", "kind=factory crane>=0 q=机械加工"),
        ("易俗河 仓库 1000平", "district=xiangtan-county kind=warehouse building=900..1100"),
        ("北湖 写字楼 出租", "district=beihu kind=office deal=rent"),
        ("临武县集体建设用地12亩转让", "district=linwu kind=collective-land land=7200.04..8800.04 deal=transfer"),
        ("要20吨行车的厂房", "crane>=20 kind=factory"),
    ]

    /// Words that name no filter, or whose reading is not sure: they stay the keyword search they were.
    static let keywordsOnly: [(String, String)] = [
        ("钢结构", "q=钢结构"), ("机械", "q=机械"), ("华菱", "q=华菱"), ("食品加工", "q=食品加工"), ("电子", "q=电子"),
        ("新能源", "q=新能源"), ("汽车配件", "q=汽车配件"), ("20吨", "q=20吨"), ("8米", "q=8米"), ("面议", "q=面议"),
        ("业主", "q=业主"), ("甲类", "q=甲类"), ("有证", "q=有证"), ("hello", "q=hello"), ("abc123", "q=abc123"),
        ("出租 出售", "q=出租,出售"), ("4000", "q=4000"), ("的", "q=的"), ("承重3吨", "q=承重3吨"),
        ("XT-2026-12", "q=XT-2026-12"), ("13812345678", "q=13812345678"), ("王总", "q=王总"),
        ("天易经开区 临武工业园", "q=天易经开区,临武工业园"), ("配电500kva", "q=配电500kva"),
    ]

    static let all =
        kinds + deals + places + areas + cranes + heightsAndPrices + features + refs + combined + keywordsOnly

    @Test func theTableHoldsAtLeast150Cases() {
        #expect(Self.all.count >= 150)
        #expect(Set(Self.all.map(\.0)).count == Self.all.count, "a query twice in the table")
    }

    @Test(arguments: all)
    func readsAsExpected(query: String, expected: String) {
        let reading = RegionPlaces.parser.search(query)
        #expect(Self.words(reading) == DraftWords.sorted(expected), "\(query)")
    }

    /// Every word of a filter is a word of the query, where it was written.
    @Test(arguments: combined + areas + cranes)
    func eachFilterNamesItsWords(query: String, expected: String) {
        let scalars = Array(query.precomposedStringWithCanonicalMapping.unicodeScalars)
        for filter in RegionPlaces.parser.search(query).filters {
            #expect(!filter.words.isEmpty && !filter.label.isEmpty, "\(query): \(filter.key)")
            for span in filter.words {
                #expect(String(String.UnicodeScalarView(scalars[span.start..<span.end])) == span.text, "\(query)")
            }
        }
    }

    @Test func chipsSayWhatWasRead() {
        let labels = RegionPlaces.parser.search("雨湖 厂房 20吨行车").filters.map(\.label)
        #expect(labels == ["雨湖区", "厂房", "行车 ≥ 20 吨"])
        #expect(RegionPlaces.parser.search("湘潭 仓库").filters.map(\.label) == ["湘潭市", "仓库"])
        #expect(RegionPlaces.parser.search("30亩").filters.map(\.label) == ["土地面积 27–33 亩"])
        #expect(RegionPlaces.parser.search("300万以下").filters.map(\.label) == ["总价 ≤ 300 万元"])
        #expect(RegionPlaces.parser.search("租金12元以内").filters.map(\.label) == ["租金 ≤ 12 元/㎡/月"])
    }

    /// 吊车 and 行车 are one filter; 20吨行车 and 行车20吨 too.
    @Test func synonymsAndOrderReadTheSame() {
        let parser = RegionPlaces.parser
        #expect(parser.search("吊车").filters.map(\.value) == parser.search("行车").filters.map(\.value))
        #expect(parser.search("桥吊").filters.map(\.value) == parser.search("行车").filters.map(\.value))
        #expect(parser.search("20吨行车").filters.map(\.value) == parser.search("行车20吨").filters.map(\.value))
        #expect(parser.search("库房").filters.map(\.value) == parser.search("仓库").filters.map(\.value))
    }

    /// Applied to a query: parameters win over the text, dropped chips go with their words, and a text with nothing
    /// to read is the same query.
    @Test func applyingAReading() throws {
        var input = ListingSearchInput()
        input.q = "雨湖 厂房 20吨行车 钢结构"
        input.kinds = [.warehouse]
        let query = try input.validated(publicOnly: true).interpreted(by: RegionPlaces.parser, dropping: ["crane"])
        #expect(query.kinds == [.warehouse])
        #expect(query.districts == ["yuhu"])
        #expect(query.minCraneTons == nil)
        #expect(query.keywords?.terms == ["钢结构"])
        #expect(query.reading.map(\.key) == ["district"])
        input = ListingSearchInput()
        input.q = "钢结构 机械"
        var plain = try input.validated(publicOnly: true)
        let read = plain.interpreted(by: RegionPlaces.parser)
        plain.isInterpreted = true
        #expect(read == plain)
        input.q = "300万以下 吊车"
        let total = try input.validated(publicOnly: true).interpreted(by: RegionPlaces.parser)
        #expect(total.price == ListingQuery.Bounds(upper: 3_000_000) && total.priceBasis == .total)
        #expect(total.minCraneTons == 0 && total.keywords == nil)
    }

    /// Random text: no crash, and every filter one the search's own checks accept.
    @Test func randomTextNeverYieldsARefusedFilter() throws {
        var generator = SeededGenerator(seed: 33)
        let pieces =
            Self.all.map(\.0) + ["以上", "以下", "吨", "米", "平", "亩", "元", "万", "-", "到", " ", "约", "9", "0", ".", "１", "﹣"]
        for _ in 0..<3000 {
            let count = Int.random(in: 1...6, using: &generator)
            var text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
            if Bool.random(using: &generator) {
                text += String(Character(Unicode.Scalar(UInt32.random(in: 0x20...0x9FFF, using: &generator)) ?? " "))
            }
            let reading = RegionPlaces.parser.search(text)
            var input = ListingSearchInput()
            for filter in reading.filters { input.add(filter.value) }
            _ = try input.validated(publicOnly: true)
            #expect(reading.keywords.count <= SearchKeywords.maxTerms)
        }
    }

    /// Reading stays well under 0.1 ms a query (the benchmark measures the release build; this only guards
    /// against an accidental blow-up, with a bound a busy debug build keeps).
    @Test func readingIsCheap() {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for (query, _) in Self.all { _ = RegionPlaces.parser.search(query) }
        }
        #expect(elapsed < .seconds(5))
    }

    /// A reading as sorted words.
    static func words(_ reading: SearchReading) -> String {
        let xiangtan = RegionPlaces.districts.filter { $0.cityCode == "XT" }.map(\.key)
        let chenzhou = RegionPlaces.districts.filter { $0.cityCode == "CZ" }.map(\.key)
        func range(_ b: ListingQuery.Bounds) -> String {
            "\(b.lower.map { "\($0)" } ?? "")..\(b.upper.map { "\($0)" } ?? "")"
        }
        var words: [String] = reading.filters.map { filter in
            switch filter.value {
            case .kinds(let kinds): "kind=" + kinds.map(\.rawValue).joined(separator: ",")
            case .deal(let deal): "deal=" + deal.rawValue
            case .districts(let names):
                switch names.map(\.key) {
                case xiangtan: "district=city:XT"
                case chenzhou: "district=city:CZ"
                case let keys: "district=" + keys.joined(separator: ",")
                }
            case .park(_, let name): "park=" + name
            case .buildingArea(let b): "building=" + range(b)
            case .landArea(let b, _): "land=" + range(b)
            case .rent(let b): "rent=" + range(b)
            case .totalPrice(let b): "total=" + range(b)
            case .crane(let tons): "crane>=\(tons)"
            case .clearHeight(let metres): "height>=\(metres)"
            case .feature(let feature): "feature=" + feature
            case .standalone: "standalone"
            case .singleStorey(let single): "single=\(single)"
            case .allowedUse(let use): "use=" + use
            case .ref(let ref): "ref=" + ref
            }
        }
        if !reading.keywords.isEmpty { words.append("q=" + reading.keywords.joined(separator: ",")) }
        return words.sorted().joined(separator: " ")
    }
}

extension ListingSearchInput {
    /// A reading's filter as the parameters that say the same, for checking it as the API would.
    mutating func add(_ value: SearchFilter.Value) {
        func double(_ d: Decimal?) -> Double? { d.map { Double(truncating: $0 as NSDecimalNumber) } }
        switch value {
        case .kinds(let kinds): self.kinds = kinds
        case .deal(let deal): self.deal = deal
        case .districts(let names): districts = names.map(\.key)
        case .park(let id, _): park = id
        case .buildingArea(let b): (minBuildingArea, maxBuildingArea) = (double(b.lower), double(b.upper))
        case .landArea(let b, _): (minLandArea, maxLandArea) = (double(b.lower), double(b.upper))
        case .rent(let b), .totalPrice(let b): (minPrice, maxPrice) = (double(b.lower), double(b.upper))
        case .crane(let tons): minCraneTons = double(tons)
        case .clearHeight(let metres): minClearHeight = double(metres)
        case .feature(let feature): features.append(feature)
        case .standalone: standalone = true
        case .singleStorey(let single): singleStorey = single
        case .allowedUse, .ref: break
        }
    }
}

/// A small deterministic generator (SplitMix64) so that a failing random case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D4_9B13_3111_49EB
        return z ^ (z >> 31)
    }
}
