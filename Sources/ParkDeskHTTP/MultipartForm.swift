public import Foundation
public import Hummingbird

/// A posted `multipart/form-data` body (a form with file inputs): its text fields, NFC, as `FormFields`, and its
/// files with their bytes. Parts without a name and file inputs left empty are skipped.
public struct MultipartForm: Sendable {
    /// An uploaded file: the input's name, the name the browser gave it and its bytes.
    public struct File: Sendable {
        public let field: String
        public let fileName: String
        public let data: Data
    }

    /// The body is not `multipart/form-data`, is cut short, or is longer than allowed.
    public enum Unreadable: Error, Sendable {
        case notMultipart, malformed, tooLarge
    }

    public let fields: FormFields
    public let files: [File]

    /// Reads the whole body (at most `limit` bytes) and takes it apart.
    public static func read(_ request: Request, limit: Int) async throws -> MultipartForm {
        guard let type = request.headers[.contentType], let boundary = boundary(of: type) else {
            throw Unreadable.notMultipart
        }
        var body = ByteBuffer()
        for try await var chunk in request.body {
            guard body.readableBytes + chunk.readableBytes <= limit else { throw Unreadable.tooLarge }
            body.writeBuffer(&chunk)
        }
        guard let form = parse(Array(body.readableBytesView), boundary: boundary) else { throw Unreadable.malformed }
        return form
    }

    /// The boundary a `Content-Type` header names, when it is `multipart/form-data`.
    public static func boundary(of contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// The parts of a body; `nil` when it does not end with the closing boundary.
    public static func parse(_ body: [UInt8], boundary: String) -> MultipartForm? {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard var at = find(delimiter, in: body, from: 0).map({ $0 + delimiter.count }) else { return nil }
        var pairs: [(name: String, value: String)] = []
        var files: [File] = []
        while true {
            guard at + 2 <= body.count else { return nil }
            if body[at] == UInt8(ascii: "-") && body[at + 1] == UInt8(ascii: "-") { break }  // the closing boundary
            guard body[at] == 13, body[at + 1] == 10,
                let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: at + 2),
                let next = find(separator, in: body, from: headerEnd + 4)
            else { return nil }
            let headers = String(decoding: body[(at + 2)..<headerEnd], as: UTF8.self)
            let content = body[(headerEnd + 4)..<next]
            at = next + separator.count
            guard let disposition = disposition(headers), let name = disposition["name"] else { continue }
            if let fileName = disposition["filename"] {
                if !fileName.isEmpty || !content.isEmpty {
                    files.append(File(field: name, fileName: fileName, data: Data(content)))
                }
            } else {
                pairs.append((name, String(decoding: content, as: UTF8.self).precomposedStringWithCanonicalMapping))
            }
        }
        return MultipartForm(fields: FormFields(pairs: pairs), files: files)
    }

    /// The parameters of a part's `Content-Disposition: form-data; name="…"; filename="…"`.
    static func disposition(_ headers: String) -> [String: String]? {
        let line = headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }
        guard let line else { return nil }
        var parameters: [String: String] = [:]
        var rest = Substring(line.dropFirst("content-disposition:".count))
        while let equals = rest.firstIndex(of: "=") {
            let key = rest[..<equals].split(separator: ";").last?.trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                let end = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = String(rest[..<end])
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if let key { parameters[key] = value.replacingOccurrences(of: "%22", with: "\"") }
        }
        return parameters
    }

    /// Where `needle` first occurs in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard from <= haystack.count, !needle.isEmpty else { return nil }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let first = pin[0]
                var i = from
                let last = hay.count - pin.count
                while i <= last {
                    if hay[i] == first && memcmp(hay.baseAddress! + i, pin.baseAddress!, pin.count) == 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }
}
