import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// Reading listing input: JSON drafts, enum and area flags, files.
enum ListingFiles {
    static func readJSONDraft(path: String) throws -> ListingDraft {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("--from-json: cannot read \(path)")
        }
        return try ListingDraft.decoded(json: data, context: "--from-json")
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

    /// A file's text, without a byte-order mark.
    static func text(path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        return ListingFile.text(data)
    }
}
