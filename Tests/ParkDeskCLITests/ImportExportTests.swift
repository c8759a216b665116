import Foundation
import ParkDeskCore
import Testing
@testable import ParkDeskCLI

@Suite struct ImportExportTests {
    func write(_ text: String, _ ext: String) throws -> String {
        let path = NSTemporaryDirectory() + "parkdesk-import-\(UUID().uuidString).\(ext)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let csv = """
        kind,deal,title,district,buildingArea,landArea,craneTons,price,priceUnit,features,description
        厂房,出租,"业主自建单层独栋厂房1200平米出租,带行车五吨",雨湖区,1200,,5,13,元/㎡/月,"独门独院,停车方便","多行
        描述"
        farmland,rent,湘潭养猪农庄用地出租,湘潭县,,50亩,,600,yuan-per-mu-year,,
        factory,rent,坏的厂房,火星区,100,,,面议,,,
        farmland,rent,农田带行车,湘潭县,,10亩,5,面议,,,
        """

    @Test func badRowsRejectTheWholeFileAndAreEachReported() async throws {
        let cli = try await CLIHarness.make("importbad")
        let path = try write(Self.csv, "csv")
        let message = await cli.failure("listing", "import", path)
        #expect(message?.contains("2 bad row(s)") == true)
        #expect(try await cli.count("listings") == 0)
        let output = try? await cli.run("listing", "import", path)
        #expect(output == nil)
    }

    @Test func skipInvalidLoadsTheGoodRowsAndNamesTheBadLines() async throws {
        let cli = try await CLIHarness.make("importskip")
        let path = try write(Self.csv, "csv")
        let output = try await cli.run("listing", "import", path, "--skip-invalid")
        #expect(output.contains("imported 2 listing(s), skipped 2"))
        #expect(output.contains("line 5: district: unknown district '火星区'"))
        #expect(output.contains("line 6: craneTons"))
        let list = try await cli.run("listing", "list", "--json")
        #expect(list.contains("多行\\n描述"))
        #expect(try await cli.count("listing_status_history") == 2)
    }

    @Test func jsonlImportsAndExportRoundTrips() async throws {
        let cli = try await CLIHarness.make("jsonl")
        let jsonl = """
            {"kind":"warehouse","deal":"rent","title":"仓库一","district":"岳塘区","buildingArea":500,\
            "priceAmount":0.5,"priceUnit":"yuan-per-m2-day"}
            {"kind":"industrial-land","deal":"transfer","title":"工业地","district":"临武县","landAreaMu":12.5,\
            "priceUnit":"negotiable"}

            {"kind":"nonsense","deal":"rent"}
            """
        let path = try write(jsonl, "jsonl")
        let message = await cli.failure("listing", "import", path)
        #expect(message?.contains("1 bad row(s)") == true)
        try await cli.run("listing", "import", path, "--skip-invalid")
        #expect(try await cli.count("listings") == 2)

        let out = NSTemporaryDirectory() + "parkdesk-export-\(UUID().uuidString).csv"
        try await cli.run("listing", "export", "--format", "csv", "--out", out)
        let other = try await CLIHarness.make("reimport")
        let result = try await other.run("listing", "import", out)
        #expect(result.contains("imported 2 listing(s)"))
        let exported = try await other.run("listing", "export")
        #expect(exported.contains("\"title\":\"仓库一\""))
        #expect(exported.contains("\"landAreaMu\":12.5"))
    }

    @Test func csvReaderHandlesQuotesNewlinesAndCRLF() {
        let records = CSVReader.records("kind,title\r\nfactory,\"a,\"\"b\"\"\r\nc\"\r\nwarehouse,仓库\n")
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[1].fields == ["factory", "a,\"b\"\r\nc"])
        #expect(records[2].fields == ["warehouse", "仓库"])
        #expect(CSVReader.records("").isEmpty)
    }
}
