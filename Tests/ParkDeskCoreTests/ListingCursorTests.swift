import Foundation
import ParkDeskCore
import Testing

/// Cursor tokens are base64url written without Foundation; these hold them to what Foundation's base64 made before.
@Suite struct ListingCursorTests {
    /// The token as it was made before: Foundation's base64, then `+/` → `-_` and no padding.
    static func foundationToken(_ cursor: ListingCursor) -> String {
        Data("1|\(cursor.sort.rawValue)|\(cursor.key)|\(cursor.id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A token read as it was before: back to base64 with padding, decoded by Foundation, split.
    static func foundationRead(_ token: String) -> ListingCursor? {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, let sort = ListingSort(rawValue: parts[1]), let id = Int64(parts[3]) else { return nil }
        return ListingCursor(sort: sort, key: parts[2], id: id)
    }

    @Test func tokensAreFoundationsBase64urlAndReadBack() throws {
        var generator = SystemRandomNumberGenerator()
        let keys = ["Infinity", "-Infinity", "0", "12.5", "3.1415926535", "2026-11-29T09:21:23.123456Z", "99999999.99"]
        for _ in 0..<2_000 {
            let sort = ListingSort.allCases.randomElement(using: &generator)!
            let key = keys.randomElement(using: &generator)! + String(repeating: "7", count: Int.random(in: 0...3))
            let cursor = ListingCursor(sort: sort, key: key, id: Int64.random(in: 1...Int64.max, using: &generator))
            #expect(cursor.token == Self.foundationToken(cursor))
            if (try? ListingCursor(token: cursor.token)) != nil {
                #expect(try ListingCursor(token: cursor.token) == cursor)
            }
        }
    }

    @Test func readsWhatFoundationReadAndRefusesTheRest() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let valid = ListingCursor(sort: .priceAsc, key: "12.5", id: 42).token
        var tokens = ["", "A", "AB", "ABC", "ABCD", "MXxwcmljZS1hc2N8MTIuNXw0Mg", valid, valid + "A", valid + "AA"]
        for _ in 0..<3_000 {
            var token = Array(valid)
            for _ in 0..<Int.random(in: 1...3) { token[Int.random(in: 0..<token.count)] = alphabet.randomElement()! }
            tokens.append(String(token.prefix(Int.random(in: token.count - 3...token.count))))
        }
        for token in tokens {
            let read = try? ListingCursor(token: token)
            // Foundation's reading skips the key check; where ours reads a cursor, both agree on it.
            if let read { #expect(Self.foundationRead(token) == read, "\(token)") }
            if Self.foundationRead(token) == nil { #expect(read == nil, "\(token)") }
        }
        #expect(throws: ValidationFailed.self) { try ListingCursor(token: valid + "=") }
        #expect(throws: ValidationFailed.self) { try ListingCursor(token: "A") }
    }
}
