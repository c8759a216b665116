import PostgresNIO

/// Builds one statement from fixed SQL fragments; every value from a caller enters as a bind (`$n`),
/// never as text, so the SQL itself only ever holds what this code wrote.
struct QueryBuilder {
    private(set) var query: PostgresQuery

    /// Continues `query` (its binds keep their numbers).
    init(_ query: PostgresQuery = "") {
        self.query = query
    }

    /// Binds a value and returns its placeholder.
    mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) throws -> String {
        try query.binds.append(value)
        return "$\(query.binds.count)"
    }

    /// Binds a value that may be missing (`NULL`) and returns its placeholder.
    mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value?) throws -> String {
        if let value { try query.binds.append(value) } else { query.binds.appendNull() }
        return "$\(query.binds.count)"
    }

    mutating func append(_ sql: String) {
        query.sql += sql
    }
}
