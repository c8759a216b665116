import Foundation

/// Free-text search terms. Each term must occur in a listing's title, description or address; terms are
/// separated by spaces. Terms without a letter or digit (punctuation only) are dropped — they would match
/// every listing.
public struct SearchKeywords: Sendable, Equatable {
    public let terms: [String]

    public static let maxLength = 100
    public static let maxTerms = 5

    /// `nil` for no text; throws when the text is too long or holds nothing searchable.
    public static func parse(_ text: String?, field: String = "q") throws(ValidationFailed) -> SearchKeywords? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        let clean = text.precomposedStringWithCanonicalMapping
        guard text.unicodeScalars.count <= maxLength else {
            throw ValidationFailed(field, "must be at most \(maxLength) characters")
        }
        guard
            !clean.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control && !$0.properties.isWhitespace
            })
        else {
            throw ValidationFailed(field, "must not contain control characters")
        }
        let terms = clean.split(whereSeparator: \.isWhitespace).map(String.init)
            .filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
        var unique: [String] = []
        for term in terms where !unique.contains(term) { unique.append(term) }
        guard !unique.isEmpty else {
            throw ValidationFailed(field, "must contain at least one letter, digit or Chinese character")
        }
        guard unique.count <= maxTerms else {
            throw ValidationFailed(field, "at most \(maxTerms) words")
        }
        return SearchKeywords(terms: unique)
    }

    /// `ILIKE` patterns, one per term, with `\`, `%` and `_` escaped so they match literally.
    public var likePatterns: [String] {
        terms.map { term in
            var escaped = ""
            for character in term {
                if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
                escaped.append(character)
            }
            return "%" + escaped + "%"
        }
    }

    /// Patterns of the terms without upper/lower case (Chinese, digits): matched with the faster `LIKE`.
    public var caselessPatterns: [String] { zip(terms, likePatterns).filter { !Self.hasCase($0.0) }.map(\.1) }

    /// Patterns of the terms with letters that have case: matched with `ILIKE`.
    public var casedPatterns: [String] { zip(terms, likePatterns).filter { Self.hasCase($0.0) }.map(\.1) }

    static func hasCase(_ term: String) -> Bool {
        term.lowercased() != term.uppercased()
    }

    /// The terms joined by spaces: the text whose character grams a listing must contain.
    public var gramText: String { terms.joined(separator: " ") }
}
