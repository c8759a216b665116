import Foundation
import ParkDeskCore
import Testing

/// The search box read as people type: each query with the filters it must give (and nothing else) and the words
/// left as keywords, written `kind=factory district=yuhu crane>=20 q=钢结构` in any order.
@Suite struct SearchReadingTests {

    /// Words that name no filter, or whose reading is not sure: they stay the keyword search they were.

    /// The cases of `Tests/Fixtures/search-reading-cases.tsv`: (group, query, expected).
    static let cases: [(group: String, query: String, expected: String)] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/search-reading-cases.tsv")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return (cells[0], cells[1], cells.count > 2 ? cells[2] : "")
        }
    }()

    static let all = cases.map { ($0.query, $0.expected) }

    /// The cases with filters to point at: whole queries, areas and cranes.
    static let withWords = cases.filter { ["combined", "areas", "cranes"].contains($0.group) }.map {
        ($0.query, $0.expected)
    }

    @Test func theTableHoldsAtLeast150Cases() {
        #expect(Self.all.count >= 150)
        #expect(Self.cases.filter { $0.group == "keywordsOnly" }.count >= 20)
        #expect(Set(Self.all.map(\.0)).count == Self.all.count, "a query twice in the table")
    }

    @Test(arguments: all)
    func readsAsExpected(query: String, expected: String) {
        let reading = RegionPlaces.parser.search(query)
        #expect(Self.words(reading) == DraftWords.sorted(expected), "\(query)")
    }

    /// Every word of a filter is a word of the query, where it was written.
    @Test(arguments: withWords)
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

/// A small deterministic generator (Knuth's MMIX constants) so that a failing random case can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}
