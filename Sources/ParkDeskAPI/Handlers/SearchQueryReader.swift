import ParkDeskOpenAPI

/// Reads the public search's query string in one pass into the generated `Query` — the generated server reads it
/// once per parameter (25 scans of the whole string, ~13 % of the server's CPU per search). Only the plain case
/// is read here: ASCII, every pair `name=value` with a non-empty value, escapes that decode to UTF-8, each
/// single-valued parameter at most once, every value of its parameter's type. Anything else is `nil`, and the
/// generated server reads it (and names what is wrong). `SearchQueryReaderTests` holds the two to the same `Query`
/// over thousands of generated query strings.
enum SearchQueryReader {
    static func query(_ raw: Substring?) -> Operations.SearchListings.Input.Query? {
        var reader = Reader()
        if let raw, !raw.isEmpty {
            guard raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
            for pair in raw.split(separator: "&", omittingEmptySubsequences: false) {
                guard let equals = pair.firstIndex(of: "=") else { return nil }
                let name = pair[..<equals]
                guard !name.isEmpty, !name.contains("%"), !name.contains("+"),
                    let value = unescaped(pair[pair.index(after: equals)...])
                else { return nil }
                reader.add(name, value)
            }
        }
        let query = Operations.SearchListings.Input.Query(
            kind: reader.list("kind", Components.Schemas.ListingKind.init(rawValue:)),
            deal: reader.one("deal", Components.Schemas.DealType.init(rawValue:)),
            district: reader.list("district", Components.Schemas.DistrictKey.init(rawValue:)),
            park: reader.one("park") { Int($0) },
            status: reader.list("status", Components.Schemas.PublicListingStatus.init(rawValue:)),
            minBuildingArea: reader.one("minBuildingArea") { Double($0) },
            maxBuildingArea: reader.one("maxBuildingArea") { Double($0) },
            minLandArea: reader.one("minLandArea") { Double($0) },
            maxLandArea: reader.one("maxLandArea") { Double($0) },
            landAreaUnit: reader.one("landAreaUnit", Components.Schemas.AreaUnit.init(rawValue:)),
            minPrice: reader.one("minPrice") { Double($0) },
            maxPrice: reader.one("maxPrice") { Double($0) },
            minCraneTons: reader.one("minCraneTons") { Double($0) },
            minClearHeight: reader.one("minClearHeight") { Double($0) },
            minPowerKva: reader.one("minPowerKva") { Int($0) },
            standalone: reader.one("standalone") { Bool($0) },
            singleStorey: reader.one("singleStorey") { Bool($0) },
            feature: reader.list("feature") { $0 },
            q: reader.one("q") { $0 },
            near: reader.one("near") { $0 },
            radiusKm: reader.one("radiusKm") { Double($0) },
            sort: reader.one("sort", Components.Schemas.ListingSort.init(rawValue:)),
            cursor: reader.one("cursor") { $0 },
            limit: reader.one("limit") { Int($0) },
            facets: reader.one("facets") { Bool($0) })
        return reader.understood ? query : nil
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

    /// The parameters' values by name, and whether every one read so far was of its type. A list searched in order,
    /// not a dictionary: a search has a few parameters, and hashing each of the 25 names cost more than comparing.
    struct Reader {
        private var parameters: [(name: Substring, values: [String])] = []
        var understood = true

        mutating func add(_ name: Substring, _ value: String) {
            if let index = parameters.firstIndex(where: { $0.name.utf8.elementsEqual(name.utf8) }) {
                parameters[index].values.append(value)
            } else {
                parameters.append((name, [value]))
            }
        }

        func values(_ name: StaticString) -> [String]? {
            let wanted = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
            return parameters.first { $0.name.utf8.elementsEqual(wanted) }?.values
        }

        mutating func one<T>(_ name: StaticString, _ parse: (String) -> T?) -> T? {
            guard let found = values(name) else { return nil }
            guard found.count == 1, let value = parse(found[0]) else {
                understood = false
                return nil
            }
            return value
        }

        mutating func list<T>(_ name: StaticString, _ parse: (String) -> T?) -> [T]? {
            guard let found = values(name) else { return nil }
            let parsed = found.compactMap(parse)
            guard parsed.count == found.count else {
                understood = false
                return nil
            }
            return parsed
        }
    }
}
