import Foundation
import NIOCore
import ParkDeskCore
import PostgresNIO

/// Reads a row's columns by name into Core values; an enum key Core does not know is `Corrupt`.
struct RowReader {
    let row: PostgresRandomAccessRow
    let table: String

    init(_ row: PostgresRow, table: String) {
        self.row = row.makeRandomAccess()
        self.table = table
    }

    struct Corrupt: Error, CustomStringConvertible {
        let table: String
        let column: String
        var description: String { "unexpected value in \(table).\(column)" }
    }

    func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try row[column].decode(T.self, context: .default)
    }

    /// A `numeric` column read from PostgreSQL's binary form directly: PostgresNIO goes through text, which
    /// cost ~4 % of the server's CPU on a search page. The same value `Decimal(string:)` gives.
    func value(_ column: String, _ type: Decimal?.Type = Decimal?.self) throws -> Decimal? {
        let cell = row[column]
        guard var bytes = cell.bytes else { return nil }
        guard cell.dataType == .numeric, cell.format == .binary, let decimal = Self.numeric(&bytes) else {
            return try cell.decode(Decimal?.self, context: .default)
        }
        return decimal
    }

    func value(_ column: String, _ type: Decimal.Type = Decimal.self) throws -> Decimal {
        guard let decimal = try value(column, Decimal?.self) else { throw Corrupt(table: table, column: column) }
        return decimal
    }

    /// Binary `numeric`: digit count, weight (of the first base-10,000 digit), sign, display scale, digits.
    /// Up to four digits (16 decimal digits) fit a `UInt64`; anything else (or NaN) returns nil.
    static func numeric(_ bytes: inout ByteBuffer) -> Decimal? {
        guard let (count, weight, sign, _) = bytes.readMultipleIntegers(as: (Int16, Int16, UInt16, Int16).self),
            (0...4).contains(count), sign == 0 || sign == 0x4000
        else { return nil }
        var significand: UInt64 = 0
        for _ in 0..<count {
            guard let digit = bytes.readInteger(as: Int16.self) else { return nil }
            significand = significand * 10_000 + UInt64(digit)
        }
        return Decimal(
            sign: sign == 0 ? .plus : .minus, exponent: 4 * (Int(weight) - Int(count) + 1),
            significand: Decimal(significand))
    }

    func labeled<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> E? {
        guard let raw = try value(column, String?.self) else { return nil }
        guard let parsed = E(rawValue: raw) else { throw Corrupt(table: table, column: column) }
        return parsed
    }

    func required<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> E {
        guard let parsed = try labeled(column, type) else { throw Corrupt(table: table, column: column) }
        return parsed
    }

    func labeledArray<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> [E] {
        try value(column, [String].self).map { raw in
            guard let parsed = E(rawValue: raw) else { throw Corrupt(table: table, column: column) }
            return parsed
        }
    }
}
