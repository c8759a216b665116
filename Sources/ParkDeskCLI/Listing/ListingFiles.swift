import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// Reading listing input: JSON drafts, CSV and JSONL import files, enum and area flags.
enum ListingFiles {
    static func readJSONDraft(path: String) throws -> ListingDraft {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("--from-json: cannot read \(path)")
        }
        return try decodeDraft(data, context: "--from-json")
    }

    static func decodeDraft(_ data: Data, context: String) throws(ValidationFailed) -> ListingDraft {
        do {
            return try JSONDecoder().decode(ListingDraft.self, from: data)
        } catch let DecodingError.dataCorrupted(c), let DecodingError.typeMismatch(_, c), let
            DecodingError.valueNotFound(_, c)
        {
            let field = c.codingPath.map(\.stringValue).joined(separator: ".")
            throw ValidationFailed(field.isEmpty ? context : field, c.debugDescription)
        } catch {
            throw ValidationFailed(context, "is not a JSON object of listing fields")
        }
    }

    static func parse<E: LabeledEnum>(_ text: String, _ flag: String, _ type: E.Type) throws -> E {
        guard let value = E.parse(text) else { throw CLIError("\(flag): '\(text)' is not one of \(E.choices)") }
        return value
    }

    static func area(_ text: String, _ flag: String) throws -> Decimal {
        guard let value = Area.parseSquareMetres(text) else {
            throw CLIError("\(flag): '\(text)' is not an area (4000, 4000㎡, 30亩)")
        }
        return value
    }

    /// A UTF-8 file's text, without a byte-order mark.
    static func text(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// The non-empty lines of a text file with their line numbers (a title a line).
    static func lines(path: String) throws -> [(line: Int, text: String)] {
        try text(path: path).split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
            index, line in
            let title = line.trimmingCharacters(in: .whitespacesAndNewlines)
            return title.isEmpty ? nil : (index + 1, title)
        }
    }

    /// The rows of an import file with their line numbers: JSONL (one JSON object a line) or CSV whose
    /// header names fields (camelCase or kebab-case, as the flags of `listing add`).
    static func importRows(path: String) throws -> [ImportRow] {
        let text = try text(path: path)
        if path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson") {
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
                index, line in
                guard !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
                return ImportRow(
                    line: index + 1,
                    draft: Result { () throws(ValidationFailed) in try decodeDraft(Data(line.utf8), context: "line") })
            }
        }
        guard path.lowercased().hasSuffix(".csv") else { throw CLIError("import takes a .csv, .jsonl or .txt file") }
        let records = CSVReader.records(text)
        guard let header = records.first?.fields else { return [] }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let readOnly: Set<String> = ["ref", "status", "version", "createdAt", "updatedAt"]
        return records.dropFirst().filter { !$0.fields.allSatisfy(\.isEmpty) }.map { record in
            var values: [String: String] = [:]
            for (name, value) in zip(names, record.fields) where !readOnly.contains(name) { values[name] = value }
            return ImportRow(
                line: record.line, draft: Result { () throws(ValidationFailed) in try ListingDraft(text: values) })
        }
    }

}

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; LF or CRLF rows.
enum CSVReader {
    struct Record {
        let line: Int
        let fields: [String]
    }

    static func records(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let c = pending {
            pending = iterator.next()
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\""); pending = iterator.next()
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\r" && pending == "\n" {
                continue
            } else if c == "\n" {
                fields.append(field); field = ""
                records.append(Record(line: recordLine, fields: fields)); fields = []
                line += 1; recordLine = line
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append(Record(line: recordLine, fields: fields))
        }
        return records
    }
}
