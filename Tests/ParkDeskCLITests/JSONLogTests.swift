import Foundation
import Logging
import Synchronization
import Testing

@testable import ParkDeskCLI

/// `LOG_FORMAT=json`: one object a line, metadata as fields, Chinese intact.
@Suite struct JSONLogTests {
    @Test func eachEventIsOneJSONObjectOnItsOwnLine() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "parkdesk") { label in
            JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } }
        }
        logger[metadataKey: "request_id"] = "abc-123"
        logger.info(
            "request", metadata: ["route": "/listings/:ref", "status": .stringConvertible(200), "note": "易俗河\n厂房"])
        logger.debug("not shown at info")
        let written = lines.withLock { $0 }
        #expect(written.count == 1 && written[0].hasSuffix("}\n") && written[0].filter { $0 == "\n" }.count == 1)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: Any])
        #expect(object["message"] as? String == "request")
        #expect(object["level"] as? String == "info")
        #expect(object["request_id"] as? String == "abc-123")
        #expect(object["route"] as? String == "/listings/:ref")
        #expect(object["status"] as? String == "200")
        #expect(object["note"] as? String == "易俗河\n厂房")
        #expect((object["time"] as? String)?.contains("T") == true)
    }

    /// The text format's handler keeps metadata as set and gives it to the line only when one is written.
    @Test func deferredMetadataReachesEachLineAndExplicitMetadataWins() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "parkdesk") { label in
            DeferredMetadataLogHandler(JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } })
        }
        logger.logLevel = .info
        logger[metadataKey: "request_id"] = "abc-123"
        logger[metadataKey: "connection"] = "7"
        #expect(logger[metadataKey: "request_id"] == "abc-123")
        logger.info("first", metadata: ["connection": "8", "厂房": "易俗河"])
        logger.debug("not shown at info")
        logger[metadataKey: "connection"] = nil
        logger.warning("second")
        let objects = try lines.withLock { $0 }.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        #expect(objects[0]["request_id"] as? String == "abc-123" && objects[0]["connection"] as? String == "8")
        #expect(objects[0]["厂房"] as? String == "易俗河")
        #expect(objects[1]["request_id"] as? String == "abc-123" && objects[1]["connection"] == nil)
    }

    @Test func anUnknownFormatIsRefused() async throws {
        let cli = try await CLIHarness.make("logformat")
        let bad = CLIHarness(url: cli.url, extra: ["LOG_FORMAT": "xml"])
        #expect(await bad.failure("token", "list") == "LOG_FORMAT must be text or json, not 'xml'.")
        let json = CLIHarness(url: cli.url, extra: ["LOG_FORMAT": "json"])
        #expect(try await json.run("token", "list").hasPrefix("名称 name"))
    }
}
