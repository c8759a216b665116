import Foundation
import PostgresNIO
import Testing
import ParkDeskTestSupport
@testable import ParkDeskStore

@Suite struct RowReaderTests {
    /// Binary `numeric` read directly gives what PostgresNIO's own decoding gives, for every shape of value.
    @Test func numericColumnsDecodeAsPostgresNIODoes() async throws {
        let config = try await TestDatabase.shared.fresh("numeric")
        let texts = [
            "0", "0.00", "4000.5", "4000.50", "0.04", "-12.345", "1200", "10000", "99999999.99",
            "123456789012.34", "1234567890123456789.5", "0.00000001", "1e20", "-0.0001", "1e-30", "NaN",
        ]
        try await withClient(config) { client in
            for text in texts {
                let rows = try await client.query("SELECT \(text)::numeric AS n, NULL::numeric AS absent")
                for try await row in rows {
                    let reader = RowReader(row, table: "test")
                    let expected = try? row.makeRandomAccess()["n"].decode(Decimal?.self, context: .default)
                    let decoded = try? reader.value("n", Decimal?.self)
                    #expect(decoded == expected, "\(text)")
                    #expect(
                        decoded.map { "\(String(describing: $0))" } == expected.map { "\(String(describing: $0))" },
                        "\(text)")
                    let absent: Decimal? = try reader.value("absent")
                    #expect(absent == nil)
                }
            }
        }
    }
}
