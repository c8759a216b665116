import Foundation
import OpenAPIRuntime
import Testing
@testable import ParkDeskAPI

@Suite struct UTCDateTranscoderTests {
    /// Integer formatting writes exactly what the runtime's ISO 8601 transcoder writes, and reads it back.
    @Test func writesTheRuntimesText() throws {
        let runtime = ISO8601DateTranscoder()
        let fast = UTCDateTranscoder()
        var generator = SystemRandomNumberGenerator()
        let random = (0..<5_000).map { _ in Double.random(in: -4_000_000_000...8_000_000_000, using: &generator) }
        let edges: [Double] = [
            2_623_768_766.9995804, -624_749_201.0004945, 1.0005, -1.0005, 0, -0.5, -1, 0.999, 951_782_400,
            951_868_799.9, 4_107_542_400, 1_795_939_200, 253_402_300_799,
        ]
        for seconds in random + edges {
            let date = Date(timeIntervalSince1970: seconds)
            let text = try fast.encode(date)
            #expect(text == (try runtime.encode(date)), "\(seconds)")
            #expect(try fast.decode(text) == (try runtime.decode(text)))
        }
    }
}
