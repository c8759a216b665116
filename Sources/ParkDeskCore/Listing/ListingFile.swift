public import Foundation

/// One row of an import file: its line number and the draft read from it (or why it could not be read).
public struct ImportRow: Sendable {
    public let line: Int
    public let draft: Result<ListingDraft, ValidationFailed>

    public init(line: Int, draft: Result<ListingDraft, ValidationFailed>) {
        (self.line, self.draft) = (line, draft)
    }
}

/// The files listings travel in, for the CLI and the console alike: CSV whose header names fields (what an export
/// writes), JSONL drafts, and titles one a line as the office writes them.
public enum ListingFile {
    public enum Format: String, Sendable, CaseIterable {
        case csv, jsonl, titles

        /// The format a file name says (`.csv`, `.jsonl`/`.ndjson`, `.txt`).
        public init?(fileName: String) {
            let name = fileName.lowercased()
            if name.hasSuffix(".csv") {
                self = .csv
            } else if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") {
                self = .jsonl
            } else if name.hasSuffix(".txt") {
                self = .titles
            } else {
                return nil
            }
        }
    }

    /// A UTF-8 file's text, without a byte-order mark.
    public static func text(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self)
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// The non-empty lines of a text with their line numbers (a title a line).
    public static func lines(_ text: String) -> [(line: Int, text: String)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let title = line.trimmingCharacters(in: .whitespacesAndNewlines)
            return title.isEmpty ? nil : (index + 1, title)
        }
    }

    /// The rows of an import file with their line numbers. A title becomes the fields `parser` reads from it,
    /// priced 面议 when it names no price; CSV and JSONL name their fields.
    public static func rows(_ text: String, format: Format, parser: TextParser) -> [ImportRow] {
        switch format {
        case .titles:
            return lines(text).map { line, title in
                var draft = parser.listing(title).draft
                draft.keepText(title)
                draft.priceUnit = draft.priceUnit ?? .negotiable
                return ImportRow(line: line, draft: .success(draft))
            }
        case .jsonl:
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap {
                index, line in
                guard !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
                return ImportRow(
                    line: index + 1,
                    draft: Result { () throws(ValidationFailed) in
                        try ListingDraft.decoded(json: Data(line.utf8), context: "line")
                    })
            }
        case .csv:
            let records = CSVReader.records(text)
            guard let header = records.first?.fields else { return [] }
            let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
            let readOnly: Set<String> = ["ref", "status", "version", "createdAt", "updatedAt"]
            return records.dropFirst().filter { !$0.fields.allSatisfy(\.isEmpty) }.map { record in
                var values: [String: String] = [:]
                for (name, value) in zip(names, record.fields) where !readOnly.contains(name) { values[name] = value }
                return ImportRow(
                    line: record.line,
                    draft: Result { () throws(ValidationFailed) in try ListingDraft.checked(text: values) })
            }
        }
    }

    /// The CSV columns of an export, the import's field names, so that an export can be imported again.
    public static let csvColumns = [
        "ref", "status", "kind", "deal", "title", "description", "district", "town", "park", "address",
        "latitude", "longitude", "features", "buildingArea", "landArea", "craneTons", "price", "priceUnit",
    ]

    /// Listings as CSV (CRLF rows, RFC 4180 quoting).
    public static func csv(_ listings: [Listing]) -> String {
        var lines = [csvColumns.joined(separator: ",")]
        for l in listings {
            let f = l.fields
            let cells: [String?] = [
                l.ref, l.status.rawValue, f.kind.rawValue, f.deal.rawValue, f.title, f.description, f.district, f.town,
                f.park, f.address, f.latitude.map { "\($0)" }, f.longitude.map { "\($0)" },
                f.features.joined(separator: ","),
                f.spec.building.map { "\($0.area)" }, f.spec.land.map { "\($0.area)" },
                f.spec.building?.crane?.maxTons.map { "\($0)" },
                f.priceAmount.map { "\($0)" } ?? (f.priceUnit == .negotiable ? "negotiable" : nil),
                f.priceUnit.rawValue,
            ]
            lines.append(cells.map { CSVText.field($0 ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

extension ListingDraft {
    /// A draft from a JSON object of listing fields; what is wrong is named by its key path.
    public static func decoded(json data: Data, context: String) throws(ValidationFailed) -> ListingDraft {
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
}

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks; LF or CRLF rows.
public enum CSVReader {
    public struct Record: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public static func records(_ text: String) -> [Record] {
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
