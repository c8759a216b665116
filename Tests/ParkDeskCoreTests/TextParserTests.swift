import Foundation
import ParkDeskCore
import Testing

/// Listing titles and callers' needs read into drafts: exactly the fields written, nothing invented.
@Suite struct TextParserTests {
    /// The issue's examples: all listed fields, nothing else.
    @Test(arguments: [
        (
            "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院",
            "kind=factory deal=rent district=xiangtan-county buildingArea=4000 standalone=true singleStorey=true "
                + "craneTons=16 features=重工,独门独院"
        ),
        (
            "易俗河业主自建单层独栋厂房1200平米出租,带行车五吨",
            "kind=factory deal=rent district=xiangtan-county buildingArea=1200 ownerType=owner singleStorey=true "
                + "standalone=true craneTons=5"
        ),
        ("行车20吨重工厂房3000平米出租", "kind=factory deal=rent buildingArea=3000 craneTons=20 features=重工"),
        ("湖南湘潭养猪农庄用地出租", "kind=farmland deal=rent allowedUses=养殖"),
        (
            "九华标准厂房二楼1500㎡出租,层高6米,承重1吨,12元/平/月",
            "kind=factory deal=rent district=xiangtan-etdz floor=2 buildingArea=1500 clearHeight=6 floorLoad=1 "
                + "priceAmount=12 priceUnit=yuan-per-m2-month"
        ),
        (
            "湘乡市工业用地30亩出售,国有,有产权证,售价900万",
            "kind=industrial-land deal=sale district=xiangxiang landAreaMu=30 landNature=state titleStatus=certified "
                + "priceAmount=900 priceUnit=wan-yuan-total"
        ),
        (
            "临武县集体建设用地12亩转让,权属公示中",
            "kind=collective-land deal=transfer district=linwu landAreaMu=12 titleStatus=public-notice"
        ),
    ])
    func theIssuesListingsParseExactly(text: String, expected: String) {
        let parsed = RegionPlaces.parser.listing(text)
        #expect(DraftWords.listing(parsed.draft) == DraftWords.sorted(expected), "\(text)")
        #expect(parsed.unparsed.isEmpty, "\(text): \(parsed.unparsed)")
    }

    @Test func theIssuesNeedParsesExactly() {
        let text = "王总,做工程机械的,要3000到5000平的厂房,最好湘潭县或九华,行车10吨以上,年税收300万左右,电话138 1234 5678"
        let parsed = RegionPlaces.parser.need(text)
        #expect(
            DraftWords.need(parsed.draft)
                == DraftWords.sorted(
                    "contactName=王总 intendedUse=工程机械 kinds=factory minArea=3000 maxArea=5000 "
                        + "districts=xiangtan-county,xiangtan-etdz minCraneTons=10 expectedTax=300 mobile=13812345678"))
        #expect(parsed.unparsed.isEmpty, "\(parsed.unparsed)")
    }

    @Test(arguments: TextParserCases.listings)
    func listingTitles(text: String, expected: String, left: [String]) {
        let parsed = RegionPlaces.parser.listing(text)
        #expect(DraftWords.listing(parsed.draft) == expected, "\(text)")
        #expect(parsed.unparsed.map(\.span.text) == left, "\(text)")
    }

    @Test(arguments: TextParserCases.needs)
    func callNotes(text: String, expected: String, left: [String]) {
        let parsed = RegionPlaces.parser.need(text)
        #expect(DraftWords.need(parsed.draft) == expected, "\(text)")
        #expect(parsed.unparsed.map(\.span.text) == left, "\(text)")
    }

    @Test func theTableHoldsAtLeast150Cases() {
        #expect(TextParserCases.all.count >= 150)
    }

    @Test func eachFieldNamesTheWordsItCameFromByCodePoint() throws {
        let text = "🔥【急租】九华厂房３０００㎡,行车16吨"
        let parsed = RegionPlaces.parser.listing(text)
        let scalars = Array(text.unicodeScalars)
        for field in parsed.fields {
            for span in field.spans {
                #expect(String(String.UnicodeScalarView(scalars[span.start..<span.end])) == span.text)
            }
        }
        let area = try #require(parsed.fields.first { $0.name == "buildingArea" })
        #expect(area.words == "３０００㎡" && area.label == "建筑面积" && area.value == "3000 ㎡")
        #expect(parsed.fields.first { $0.name == "craneTons" }?.words == "行车16吨")
        #expect(parsed.fields.first { $0.name == "district" }?.spans == [TextSpan(start: 5, end: 7, text: "九华")])
    }

    @Test func wordsItKnowsButWillNotGuessComeWithAReason() throws {
        let parsed = RegionPlaces.parser.listing("雨湖区厂房3000平出租，10吨")
        let left = try #require(parsed.unparsed.first)
        #expect(left.span.text == "10吨" && left.reason?.contains("行车") == true)
        #expect(RegionPlaces.parser.listing("雨湖区厂房3000平出租，某某").unparsed.map(\.reason) == [nil])
    }

    @Test(arguments: [
        ("一千零五平", "1005"), ("十平", "10"), ("二十平", "20"), ("一万五平", "15000"), ("两百平", "200"), ("3千平", "3000"),
        ("壹仟贰佰平", "1200"), ("1,200平", "1200"), ("0.5万平", "5000"), ("１２００平", "1200"),
    ])
    func numeralsAsPeopleWriteThem(words: String, area: String) {
        let parsed = RegionPlaces.parser.listing("厂房" + words)
        #expect(parsed.draft.buildingArea == Decimal(string: area), "\(words)")
    }

    @Test func emptyHugeAndOddTextsParseWithoutInventingAnything() {
        for text in ["", " ", "，，，", "!!!", "🏭", String(repeating: "厂", count: 5)] {
            let parsed = RegionPlaces.parser.listing(text)
            #expect(parsed.fields.isEmpty || parsed.draft.kind == .factory, "\(text)")
        }
        // the same facts many times over are still those facts
        let huge = String(repeating: "湘潭县厂房3000平出租,行车16吨,", count: 200)
        let parsed = RegionPlaces.parser.listing(huge)
        #expect(parsed.draft.buildingArea == 3000 && parsed.draft.craneTons == 16)
        #expect(parsed.draft.district == "xiangtan-county" && parsed.unparsed.count == 199)
        #expect(RegionPlaces.parser.listing(huge) == parsed)
        let nfd = "厂房出租，e\u{301}"  // a decomposed é reads as its NFC form
        #expect(RegionPlaces.parser.listing(nfd).unparsed.map(\.span.text) == ["\u{E9}"])
    }

    /// Random texts from the characters titles are made of: no crash, every span where it says, and every
    /// parsed listing field one the model accepts.
    @Test func randomTextsNeverCrashAndOnlyOfferValidFields() {
        let alphabet = Array("0123456789.,-~ 一二两三十百千万亿零平米亩吨台层楼元块/月年天每行车承重层高厂房仓库出租售转让湘潭县九华😀【】！，。")
        var seed: UInt64 = 2026
        for _ in 0..<3_000 {
            var text = ""
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for step in 0..<Int(seed >> 59) + 3 {
                text.append(alphabet[Int((seed >> UInt64(step % 40 + 8)) % UInt64(alphabet.count))])
            }
            let listing = RegionPlaces.parser.listing(text)
            let scalars = Array(text.precomposedStringWithCanonicalMapping.unicodeScalars)
            for span in listing.fields.flatMap(\.spans) + listing.unparsed.map(\.span) {
                #expect(span.start < span.end && span.end <= scalars.count, "\(text)")
            }
            var draft = listing.draft
            (draft.title, draft.priceUnit) = ("随机标题", draft.priceUnit ?? .negotiable)
            do {
                _ = try draft.validated()
            } catch {
                let offered = Set(listing.fields.map(\.name))
                #expect(error.errors.allSatisfy { !offered.contains($0.field) }, "\(text): \(error)")
            }
            _ = RegionPlaces.parser.need(text)
        }
    }

    @Test func aCraneWithItsTonnageIsOneCraneOnceValidated() throws {
        var draft = RegionPlaces.parser.listing("易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院").draft
        draft.title = "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院"
        draft.priceUnit = .negotiable
        let listing = try draft.validated()
        #expect(listing.spec.building?.crane == Crane(count: 1, maxTons: 16))
    }
}

/// The table of realistic titles and call notes in `Tests/Fixtures/text-parser-cases.tsv`.
enum TextParserCases {
    static let all: [(kind: String, text: String, expected: String, left: [String])] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/text-parser-cases.tsv")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let left = cells.count > 3 && !cells[3].isEmpty ? cells[3].split(separator: "|").map(String.init) : []
            return (cells[0], cells[1], cells.count > 2 ? cells[2] : "", left)
        }
    }()

    static var listings: [(String, String, [String])] {
        all.filter { $0.kind == "L" }.map { ($0.text, $0.expected, $0.left) }
    }
    static var needs: [(String, String, [String])] {
        all.filter { $0.kind == "N" }.map { ($0.text, $0.expected, $0.left) }
    }
}
