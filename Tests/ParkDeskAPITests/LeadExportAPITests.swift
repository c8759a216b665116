import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import Testing

/// The CSV export as Excel, WPS and Python's `csv` module read it.
@Suite struct LeadExportAPITests {
    /// Values that break naive CSV writers, and what a reader must get back.
    static let tricky: [(field: String, value: String, expected: String)] = [
        ("contactName", #"王, "老板""#, #"王, "老板""#),
        ("message", "第一行\r\n第二行\n第三行", "第一行\r\n第二行\n第三行"),
        ("company", #"=HYPERLINK("http://evil.example","点我")"#, #"'=HYPERLINK("http://evil.example","点我")"#),
        ("wechat", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("campaign", "-2+3", "'-2+3"),
        ("intendedUse", "@SUM(A1) 👷 𠀀", "'@SUM(A1) 👷 𠀀"),
    ]

    /// Reads CSV bytes with Python's csv module; returns the rows.
    static func pythonRows(_ data: Data) throws -> [[String]] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("leads-\(UUID().uuidString).csv")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            """
            import csv, json, sys
            with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
                print(json.dumps(list(csv.reader(f, strict=True))))
            """, file.path,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try JSONDecoder().decode([[String]].self, from: output)
    }

    static func export(
        _ client: some TestClientProtocol, _ query: String, _ token: String
    ) async throws -> (HTTPResponse.Status, HTTPFields, Data) {
        try await client.execute(
            uri: "/api/v1/admin/leads.csv" + query, method: .get, headers: bearer(token), body: nil
        ) { response in
            (response.status, response.headers, Data(buffer: response.body))
        }
    }

    @Test func pythonReadsBackEveryFieldExactlyWithFormulasNeutralised() async throws {
        let f = try await APIFixture.make("lead-csv", demo: false)
        let admin = try await f.token(.admin)
        try await f.database { client in
            var draft = LeadDraft()
            draft.source = .hotline
            draft.mobile = "13812345678"
            draft.kinds = [.factory, .warehouse]
            draft.districts = ["湘潭县", "九华"]
            for (field, value, _) in Self.tricky {
                switch field {
                case "contactName": draft.contactName = value
                case "message": draft.message = value
                case "company": draft.company = value
                case "wechat": draft.wechat = value
                case "campaign": draft.campaign = value
                default: draft.intendedUse = value
                }
            }
            let lead = try draft.validated()
            _ = try await Database(client: client, logger: TestDatabase.logger).leads.capture(
                lead, arrival: .init(actor: "test", audited: true))
        }
        try await f.test { client in
            let (status, headers, data) = try await Self.export(client, "?header=en", admin)
            #expect(status == .ok)
            #expect(headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(headers[.contentDisposition]?.hasPrefix("attachment; filename=\"leads-") == true)
            #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: data, as: UTF8.self).hasSuffix("\r\n"))
            let rows = try Self.pythonRows(data)
            #expect(rows.count == 2)
            let header = rows[0]
            let row = Dictionary(uniqueKeysWithValues: zip(header, rows[1]))
            let columns = [
                "contactName": "contact_name", "message": "message", "company": "company", "wechat": "wechat",
                "campaign": "campaign", "intendedUse": "intended_use",
            ]
            for (field, _, expected) in Self.tricky {
                #expect(row[columns[field] ?? ""] == expected, "\(field)")
            }
            #expect(row["mobile"] == "138 1234 5678")
            #expect(row["source"] == "hotline")
            #expect(row["wanted_kinds"] == "factory;warehouse")
            #expect(row["districts"] == "xiangtan-county;xiangtan-etdz")
            #expect(row["created_at"]?.hasSuffix("+08:00") == true)
            #expect(rows[1].count == header.count)
        }
    }

    @Test func theDefaultFileHasChineseColumnsAndLabelsAndBomIsOptional() async throws {
        let f = try await APIFixture.make("lead-csv-zh", demo: false)
        let admin = try await f.token(.admin)
        try await f.database { client in
            var draft = LeadDraft()
            draft.source = .walkIn
            draft.contactName = "赵女士"
            draft.mobile = "13700001111"
            draft.kinds = [.farmland]
            _ = try await Database(client: client, logger: TestDatabase.logger).leads
                .capture(try draft.validated(), arrival: .init(actor: "test", audited: true))
        }
        try await f.test { client in
            let (_, _, data) = try await Self.export(client, "", admin)
            let rows = try Self.pythonRows(data)
            #expect(rows.first?.prefix(3) == ["线索编号", "创建时间", "状态"])
            let row = Dictionary(uniqueKeysWithValues: zip(rows[0], rows[1]))
            #expect(row["状态"] == "新线索")
            #expect(row["来源"] == "上门来访")
            #expect(row["需求类型"] == "农用地")
            #expect(row["手机号"] == "137 0000 1111")
            let (_, _, plain) = try await Self.export(client, "?bom=false&status=lost", admin)
            #expect(String(decoding: plain, as: UTF8.self).hasPrefix("线索编号,"))
            #expect(try Self.pythonRows(plain).count == 1)  // header only
            let (badStatus, _, _) = try await Self.export(client, "?since=2026-13-01", admin)
            #expect(badStatus == .badRequest)
        }
    }
}
