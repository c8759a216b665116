import Foundation
import NIOCore
import ParkDeskCore
import PostgresNIO

/// Reads columns of a row into Core values; an enum key Core does not know is `Corrupt`.
protocol ColumnReading {
    var table: String { get }
    /// The cell of `column`.
    func cell(_ column: String) throws -> PostgresCell
}

/// Reads a row's columns by name, in any order.
struct RowReader: ColumnReading {
    let row: PostgresRandomAccessRow
    let table: String

    init(_ row: PostgresRow, table: String) {
        self.row = row.makeRandomAccess()
        self.table = table
    }

    func cell(_ column: String) throws -> PostgresCell { row[column] }

    struct Corrupt: Error, CustomStringConvertible {
        let table: String
        let column: String
        var description: String { "unexpected value in \(table).\(column)" }
    }
}

/// Reads a row's columns in the order of its SELECT list, checking each one's name: no per-row table of names
/// (a search page's 20 rows × 28 columns read by name were ~6 % of the server's CPU).
final class RowCursor: ColumnReading {
    private var cells: PostgresRow.Iterator
    let table: String

    init(_ row: PostgresRow, table: String) {
        self.cells = row.makeIterator()
        self.table = table
    }

    /// The next cell, which must be `column`'s.
    func cell(_ column: String) throws -> PostgresCell {
        guard let cell = cells.next(), cell.columnName == column else {
            throw RowReader.Corrupt(table: table, column: column)
        }
        return cell
    }
}

extension ColumnReading {
    func value<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try cell(column).decode(T.self, context: .default)
    }

    /// A `numeric` column read from PostgreSQL's binary form directly: PostgresNIO goes through text, which
    /// cost ~4 % of the server's CPU on a search page. The same value `Decimal(string:)` gives.
    func value(_ column: String, _ type: Decimal?.Type = Decimal?.self) throws -> Decimal? {
        let cell = try cell(column)
        guard var bytes = cell.bytes else { return nil }
        guard cell.dataType == .numeric, cell.format == .binary, let decimal = RowReader.numeric(&bytes) else {
            return try cell.decode(Decimal?.self, context: .default)
        }
        return decimal
    }

    func value(_ column: String, _ type: Decimal.Type = Decimal.self) throws -> Decimal {
        guard let decimal = try value(column, Decimal?.self) else {
            throw RowReader.Corrupt(table: table, column: column)
        }
        return decimal
    }

    func labeled<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> E? {
        guard let raw = try value(column, String?.self) else { return nil }
        guard let parsed = E(rawValue: raw) else { throw RowReader.Corrupt(table: table, column: column) }
        return parsed
    }

    func required<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> E {
        guard let parsed = try labeled(column, type) else { throw RowReader.Corrupt(table: table, column: column) }
        return parsed
    }

    func labeledArray<E: LabeledEnum>(_ column: String, _ type: E.Type) throws -> [E] {
        try value(column, [String].self).map { raw in
            guard let parsed = E(rawValue: raw) else { throw RowReader.Corrupt(table: table, column: column) }
            return parsed
        }
    }
}

extension RowReader {
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
}

extension PostgresRowSequence {
    /// The first row's single column (`RETURNING id`), or `nil` when there is no row.
    func first<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> T? {
        for try await value in decode(T.self) { return value }
        return nil
    }
}
