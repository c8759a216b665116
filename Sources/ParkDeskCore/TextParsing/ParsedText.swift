/// A stretch of the text a parser read: where it is (offsets in Unicode code points of the NFC text, end
/// exclusive) and the words themselves, exactly as written.
public struct TextSpan: Sendable, Equatable, Codable {
    public var start: Int
    public var end: Int
    public var text: String

    public init(start: Int, end: Int, text: String) {
        (self.start, self.end, self.text) = (start, end, text)
    }
}

/// One field a parser is sure of: its input name (`buildingArea`), a Chinese label, the value as people read
/// it (`4000 ㎡`) and the words it came from.
public struct ParsedField: Sendable, Equatable {
    public var name: String
    public var label: String
    public var value: String
    public var spans: [TextSpan]

    /// The words the value came from, joined with "…".
    public var words: String { spans.map(\.text).joined(separator: "…") }
}

/// Words a parser did not turn into a field, and, when it recognised them but would not guess, why not.
public struct UnparsedText: Sendable, Equatable {
    public var span: TextSpan
    /// `nil` for words it does not know; a Chinese reason for words it knows but left out.
    public var reason: String?
}

/// What a parser made of a text: the draft (only fields it is sure of), each field with its words, and what it
/// did not understand.
public struct ParsedText<Draft: Sendable>: Sendable {
    public var draft: Draft
    public var fields: [ParsedField]
    public var unparsed: [UnparsedText]
}

extension ParsedText: Equatable where Draft: Equatable {}
