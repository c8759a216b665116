import ParkDeskCore
import ParkDeskOpenAPI

/// Reads the public search's query string in one pass, through Core's one reader of search parameters
/// (`SearchParameterReader`) — the generated server reads it once per parameter (25 scans of the whole string, ~13 %
/// of the server's CPU per search). Only the plain case is read here: ASCII, every pair `name=value` with a non-empty
/// value, escapes that decode to UTF-8, each single-valued parameter at most once, every value one the contract
/// allows (its keys exactly, a public status, a known district key). Anything else is `nil`, and the generated
/// server reads it (and names what is wrong). `SearchQueryReaderTests` holds the two to the same search input over
/// thousands of generated query strings.
enum SearchQueryReader {
    static func input(_ raw: Substring?) -> ListingSearchInput? {
        var reader = SearchParameterReader(spelling: .exact)
        if let raw, !raw.isEmpty {
            guard raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            for pair in raw.split(separator: "&", omittingEmptySubsequences: false) {
                guard let equals = pair.firstIndex(of: "=") else { return nil }
                let name = pair[..<equals]
                guard !name.isEmpty, !name.contains("%"), !name.contains("+"),
                    let value = unescaped(pair[pair.index(after: equals)...])
                else { return nil }
                // a name the search does not have is not the search's (utm_source …)
                guard let parameter = SearchParameter(rawValue: String(name)) else { continue }
                do { try reader.read(parameter, value) } catch { return nil }
            }
        }
        let input = reader.input
        guard input.statuses.allSatisfy(ListingStatus.publicStatuses.contains),
            input.districts.allSatisfy({ Components.Schemas.DistrictKey(rawValue: $0) != nil })
        else { return nil }
        return input
    }

    /// `+` as a space, then percent escapes, which must spell UTF-8; an empty result is `nil`.
    static func unescaped(_ text: Substring) -> String? {
        guard text.contains(where: { $0 == "%" || $0 == "+" }) else { return text.isEmpty ? nil : String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard !bytes.isEmpty, let decoded = String(validating: bytes, as: UTF8.self) else { return nil }
        return decoded
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
