import NIOCore
import _ConnectionPoolModule
import PostgresNIO

/// A database condition the caller did not cause, in the Store's own words, so that the API and the CLI
/// explain it without reading SQLSTATE codes.
public enum DatabaseFault: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database is not there right now (stopped, restarting, failing over, out of connections, a demoted
    /// primary): the same request may succeed shortly.
    case unavailable
    /// A statement ran past its time limit and PostgreSQL stopped it.
    case timedOut
    /// Text PostgreSQL cannot hold (a NUL character, invalid encoding): the caller sent it.
    case unstorableText

    public var description: String {
        switch self {
        case .unavailable: "the database is not reachable right now; try again shortly"
        case .timedOut: "the database took too long and the statement was stopped"
        case .unstorableText: "the text contains a character that cannot be stored (such as NUL)"
        }
    }

    /// `error` with PostgresNIO's transaction wrapper taken off and database conditions named: a
    /// `DatabaseFault`, or the error thrown inside the transaction, or `error` itself.
    public static func named(_ error: any Error) -> any Error {
        if let transaction = error as? PostgresTransactionError {
            guard let cause = transaction.closureError ?? transaction.commitError ?? transaction.beginError else {
                return DatabaseFault.unavailable
            }
            return named(cause)
        }
        if let fault = classify(error) { return fault }
        if let psql = error as? PSQLError, let info = psql.serverInfo {
            return DatabaseRefusal(
                description: [info[.sqlState], info[.message], info[.detail]].compactMap { $0 }
                    .joined(separator: " — "))
        }
        return error
    }

    /// `error` as a log line may say it: the SQLSTATE and the names of the constraint, table and column PostgreSQL
    /// gives, or PostgresNIO's own code — never the server's message or detail, which may quote values.
    public static func loggable(_ error: any Error) -> String {
        let error = unwrapped(error)
        guard let psql = error as? PSQLError else { return String(describing: named(error)) }
        guard let info = psql.serverInfo, let state = info[.sqlState] else { return "PostgresNIO \(psql.code)" }
        let names = [("constraint", info[.constraintName]), ("table", info[.tableName]), ("column", info[.columnName])]
            .compactMap { name, value in value.map { "\(name) \($0)" } }
        return (["SQLSTATE \(state)"] + names).joined(separator: ", ")
    }

    /// The fault `error` stands for, if it is one.
    static func classify(_ error: any Error) -> DatabaseFault? {
        switch error {
        case let fault as DatabaseFault:
            return fault
        case let psql as PSQLError:
            guard let state = psql.serverInfo?[.sqlState] else {
                return clientSideUnavailable.contains(psql.code) ? .unavailable : nil
            }
            return classify(sqlState: state)
        case is ConnectionPoolError, is IOError, is ChannelError, is CancellationError:
            return .unavailable
        default:
            return nil
        }
    }

    /// SQLSTATE → fault. Class 08 (connection), 53 (insufficient resources: too many connections, disk full),
    /// 57P01–57P05 (admin/crash shutdown, cannot connect now, idle session ended), 25006 (read-only transaction:
    /// a primary demoted by a failover), 40001/40P01 (serialisation failure, deadlock: a retry succeeds).
    static func classify(sqlState state: String) -> DatabaseFault? {
        switch state {
        case "57014": return .timedOut
        case "22021", "22P05": return .unstorableText
        case "25006", "40001", "40P01", "57P01", "57P02", "57P03", "57P04", "57P05": return .unavailable
        default:
            return state.hasPrefix("08") || state.hasPrefix("53") ? .unavailable : nil
        }
    }

    /// Whether `error` says a connection was closed under the statement (the server shutting down or crashing,
    /// the socket gone), as opposed to a refusal, a time limit or a conflict.
    static func lostConnection(_ error: any Error) -> Bool {
        let error = unwrapped(error)
        guard let psql = error as? PSQLError else { return error is IOError || error is ChannelError }
        guard let state = psql.serverInfo?[.sqlState] else {
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown]
                .contains(psql.code)
        }
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
    }

    /// The error inside PostgresNIO's transaction wrapper (what the closure, the commit or the begin threw).
    static func unwrapped(_ error: any Error) -> any Error {
        guard let transaction = error as? PostgresTransactionError else { return error }
        return transaction.closureError ?? transaction.commitError ?? transaction.beginError ?? error
    }

    /// PostgresNIO's own codes (no server message) that mean the connection went away.
    private static let clientSideUnavailable: Set<PSQLError.Code> = [
        .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
        .queryCancelled, .sslUnsupported, .failedToAddSSLHandler,
    ]
}

/// A statement PostgreSQL refused for a reason none of the Store's own errors names, in the server's words
/// (SQLSTATE — message — detail), for staff to report.
public struct DatabaseRefusal: Error, Sendable, CustomStringConvertible {
    public let description: String
}
