import Foundation
import Testing

@testable import ParkDeskAPI
@testable import ParkDeskApp

/// The byte-level query check agrees with Foundation's form decoding (`+` as space, then `removingPercentEncoding`),
/// which it replaced for speed — except that it refuses every invalid UTF-8 sequence, where Foundation repairs some
/// of them into U+FFFD (a search for "�" nobody typed).
struct QueryEncodingTests {
    static func foundation(_ text: Substring) -> String? {
        guard let decoded = String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding,
            !decoded.contains("\0")
        else { return nil }
        return decoded
    }

    @Test(arguments: [
        "", "a", "a+b", "%E5%8E%82%E6%88%BF", "厂房", "%", "%4", "%zz", "%FF", "%00", "%e5%8e", "100%25", "%2B+%20",
        "%F0%9F%90%96", "%C3%28", "a%3Db", "%41%42", "\u{1F416}",
    ])
    func eachTextDecodesAsFoundationDecodesIt(_ text: String) {
        #expect(QueryEncodingMiddleware.decoded(Substring(text).utf8[...]) == Self.foundation(Substring(text)))
    }

    @Test func randomTextsDecodeAsFoundationDecodesThem() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "%", "%2", "%20", "%E5", "%8E", "%82", "%00", "%FF", "+", "a", "Z", "9", "厂", "%C3", "%A9", "=", "&",
        ]
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let reference = Self.foundation(Substring(text))
            if let decoded = QueryEncodingMiddleware.decoded(Substring(text).utf8[...]) {
                #expect(decoded == reference, "\(text)")
            } else {
                #expect(reference == nil || reference?.contains("\u{FFFD}") == true, "\(text)")
            }
        }
    }

    @Test func undecodableParametersAreNamed() {
        #expect(QueryEncodingMiddleware.undecodable("q=%E5%8E%82&district=yuhu").isEmpty)
        #expect(QueryEncodingMiddleware.undecodable("q=%FF&kind=factory&x%zz=1&n=%00") == ["q", "x%zz", "n"])
    }
}
