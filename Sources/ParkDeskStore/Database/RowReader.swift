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
