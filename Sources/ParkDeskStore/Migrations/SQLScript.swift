import Foundation

/// Splits a migration file into single statements, since the extended query protocol runs one at a time.
///
/// Understands `--` and `/* */` comments, '…' and E'…' strings, "…" identifiers and `$tag$…$tag$` bodies.
/// Works on UTF-8 bytes: every character that matters here is ASCII.
enum SQLScript {
    private static let quote = UInt8(ascii: "'")
    private static let doubleQuote = UInt8(ascii: "\"")
    private static let dollar = UInt8(ascii: "$")
    private static let semicolon = UInt8(ascii: ";")
    private static let dash = UInt8(ascii: "-")
    private static let slash = UInt8(ascii: "/")
    private static let star = UInt8(ascii: "*")
    private static let backslash = UInt8(ascii: "\\")
    private static let newline = UInt8(ascii: "\n")

    static func statements(in script: String) -> [String] {
        let bytes = Array(script.utf8)
        var statements: [String] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
            if byte == dash && next == dash {
                index = find([newline], in: bytes, from: index) + 1
            } else if byte == slash && next == star {
                index = find([star, slash], in: bytes, from: index + 2) + 2
            } else if byte == quote || byte == doubleQuote {
                index = endOfQuoted(bytes, at: index) + 1
            } else if byte == dollar, let tagEnd = dollarTagEnd(bytes, at: index) {
                let tag = Array(bytes[index...tagEnd])
                index = find(tag, in: bytes, from: tagEnd + 1) + tag.count
            } else if byte == semicolon {
                append(bytes[start..<index], to: &statements)
                index += 1
                start = index
            } else {
                index += 1
            }
        }
        append(bytes[start..<min(index, bytes.count)], to: &statements)
        return statements
    }

    private static func append(_ slice: ArraySlice<UInt8>, to statements: inout [String]) {
        let text = String(decoding: slice, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let onlyComments = text.split(separator: "\n").allSatisfy {
            $0.trimmingCharacters(in: .whitespaces).hasPrefix("--")
        }
        if !text.isEmpty && !onlyComments { statements.append(text) }
    }

    /// Index of the closing quote of the string or identifier opening at `start`.
    private static func endOfQuoted(_ bytes: [UInt8], at start: Int) -> Int {
        let delimiter = bytes[start]
        let backslashEscapes = delimiter == quote && start > 0 && (bytes[start - 1] | 0x20) == UInt8(ascii: "e")
        var i = start + 1
        while i < bytes.count {
            if backslashEscapes && bytes[i] == backslash {
                i += 2
            } else if bytes[i] == delimiter {
                if i + 1 < bytes.count && bytes[i + 1] == delimiter { i += 2 } else { return i }
            } else {
                i += 1
            }
        }
        return bytes.count
    }

    /// For `$tag$` starting at `start`, the index of its closing `$`; `nil` if this `$` opens no tag.
    private static func dollarTagEnd(_ bytes: [UInt8], at start: Int) -> Int? {
        var i = start + 1
        while i < bytes.count {
            let b = bytes[i]
            if b == dollar { return i }
            let isWordByte =
                b == UInt8(ascii: "_") || (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
                || b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
            if !isWordByte { return nil }
            i += 1
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int {
        var i = start
        while i + needle.count <= bytes.count {
            if bytes[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return bytes.count
    }
}
