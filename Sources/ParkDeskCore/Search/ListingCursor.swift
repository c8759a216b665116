/// Where the next page of a search starts: the sort, the last row's sort key and id. Opaque to clients
/// (base64url text); a cursor only continues the sort it came from.
public struct ListingCursor: Sendable, Equatable {
    public var sort: ListingSort
    /// The last row's sort key as PostgreSQL text: a timestamp for `newest`, a number otherwise.
    public var key: String
    public var id: Int64

    public init(sort: ListingSort, key: String, id: Int64) {
        (self.sort, self.key, self.id) = (sort, key, id)
    }

    public var token: String {
        Base64URL.encode("1|\(sort.rawValue)|\(key)|\(id)".utf8)
    }

    /// Reads a cursor given back by a client; throws a field error when it is not one of ours.
    public init(token: String, field: String = "cursor") throws(ValidationFailed) {
        let invalid = ValidationFailed(field, "is not a cursor from a previous page; start again without it")
        guard token.count <= 200,
            token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw invalid
        }
        guard let bytes = Base64URL.decode(token), let text = String(validating: bytes, as: UTF8.self) else {
            throw invalid
        }
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4, parts[0] == "1", let sort = ListingSort(rawValue: parts[1]),
            let id = Int64(parts[3]), id > 0, Self.isValidKey(parts[2], for: sort)
        else { throw invalid }
        self.init(sort: sort, key: parts[2], id: id)
    }

    static func isValidKey(_ key: String, for sort: ListingSort) -> Bool {
        switch sort {
        case .newest:
            // 2026-11-29T09:21:23.123456Z, as the store writes it
            return key.count == 27 && key.hasSuffix("Z")
                && key.dropLast().allSatisfy { $0.isASCIIDigit || "-T:.".contains($0) }
        case .priceAsc, .priceDesc:
            return key == "Infinity" || key == "-Infinity" || DecimalText.parse(key) != nil
        case .areaAsc, .areaDesc:
            return DecimalText.parse(key) != nil
        case .distance:
            return Double(key).map { $0.isFinite && $0 >= 0 } ?? false
        }
    }
}
