import Logging
import PostgresNIO

/// A piece of SQL whose interpolated values are binds, never text (`"l.kind = \(kind)"`), and that joins other
/// pieces (`"WHERE \(conditions.joined(separator: " AND "))"`). Placeholders are numbered when the statement is
/// made, so no `$n` is ever written by hand and a dynamic filter reads like the SQL it produces. SQL text of our
/// own (a column, a sort direction) enters through `\(raw:)`, which takes a `StaticString` or a fragment only.
struct SQL: Sendable, ExpressibleByStringInterpolation {
    fileprivate enum Part: Sendable {
        case text(String)
        case value(@Sendable (inout PostgresBindings) throws -> Void)
    }

    fileprivate var parts: [Part]

    init(stringLiteral value: String) {
        parts = [.text(value)]
    }

    init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    private init(parts: [Part]) {
        self.parts = parts
    }

    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var parts: [Part] = []

        init(literalCapacity: Int, interpolationCount: Int) {
            parts.reserveCapacity(interpolationCount * 2 + 1)
        }

        mutating func appendLiteral(_ literal: String) {
            parts.append(.text(literal))
        }

        /// A value, bound.
        mutating func appendInterpolation<Value: PostgresThrowingDynamicTypeEncodable & Sendable>(
            _ value: Value
        ) {
            parts.append(.value { try $0.append(value) })
        }

        /// A value that may be missing, bound (`NULL` when missing).
        mutating func appendInterpolation<Value: PostgresThrowingDynamicTypeEncodable & Sendable>(
            _ value: Value?
        ) {
            parts.append(
                .value { bindings in
                    if let value { try bindings.append(value) } else { bindings.appendNull() }
                })
        }

        /// Another fragment, with its binds.
        mutating func appendInterpolation(_ fragment: SQL) {
            parts.append(contentsOf: fragment.parts)
        }

        /// SQL text written in this code (never a value from outside).
        mutating func appendInterpolation(raw text: StaticString) {
            parts.append(.text(text.description))
        }
    }

    /// The fragments joined by `separator` (`" AND "`, or one that binds a value); `empty` when there are none.
    static func join(_ fragments: [SQL], separator: SQL, empty: SQL = "") -> SQL {
        guard var joined = fragments.first else { return empty }
        for fragment in fragments.dropFirst() {
            joined.parts.append(contentsOf: separator.parts)
            joined.parts.append(contentsOf: fragment.parts)
        }
        return joined
    }

    /// Names written in this code (columns), comma-separated.
    static func list(_ names: [StaticString]) -> SQL {
        join(names.map { SQL(parts: [.text($0.description)]) }, separator: ", ")
    }

    static func + (lhs: SQL, rhs: SQL) -> SQL {
        var joined = lhs
        joined.parts.append(contentsOf: rhs.parts)
        return joined
    }

    static func += (lhs: inout SQL, rhs: SQL) {
        lhs.parts.append(contentsOf: rhs.parts)
    }

    /// The statement's text, placeholders numbered in order (what a prepared statement is prepared from).
    var text: String {
        var text = ""
        text.reserveCapacity(parts.reduce(0) { if case .text(let sql) = $1 { $0 + sql.utf8.count } else { $0 + 4 } })
        var placeholders = 0
        for part in parts {
            switch part {
            case .text(let sql): text += sql
            case .value:
                placeholders += 1
                text += "$"
                text += String(placeholders)
            }
        }
        return text
    }

    /// The statement for PostgresNIO, placeholders numbered in order. Its text holds only literals of this code
    /// and placeholders, which is what `unsafeSQL` asks of its caller.
    func query() throws -> PostgresQuery {
        var bindings = PostgresBindings()
        for case .value(let bind) in parts { try bind(&bindings) }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }
}

extension PostgresClient {
    /// Runs one statement on a pooled connection.
    @discardableResult
    func run(_ sql: SQL, logger: Logger) async throws -> PostgresRowSequence {
        let query = try sql.query()
        return try await DatabaseActivity.answer(from: self) { try await self.query(query, logger: logger) }
    }

    /// Runs one statement that changes nothing: one given up after a lost connection (`DatabaseActivity.answer`)
    /// is sent once more, on a fresh connection.
    func read(_ sql: SQL, logger: Logger) async throws -> PostgresRowSequence {
        let query = try sql.query()
        return try await DatabaseActivity.answer(from: self, readOnly: true) {
            try await self.query(query, logger: logger)
        }
    }

    /// A prepared statement that changes nothing, as `read(_:logger:)` runs SQL.
    func read<Statement: PostgresPreparedStatement & Sendable>(
        _ statement: Statement, logger: Logger
    ) async throws -> AsyncThrowingMapSequence<PostgresRowSequence, Statement.Row> where Statement.Row: Sendable {
        try await DatabaseActivity.answer(from: self, readOnly: true) {
            try await self.execute(statement, logger: logger)
        }
    }
}

extension PostgresConnection {
    /// Runs one statement on this connection (inside a transaction, say).
    @discardableResult
    func run(_ sql: SQL, logger: Logger) async throws -> PostgresRowSequence {
        try await query(sql.query(), logger: logger)
    }
}
