import PostgresNIO
import Synchronization

/// What each database client's statements came to, counted where the Store runs them.
///
/// Answers: the monitor reads its client's count to tell a busy database (its probe waits behind other statements,
/// but answers keep coming) from one that is away (nothing is answered at all): overload is not an outage.
///
/// Lost connections: PostgresNIO 1.33 writes a statement to its connection without waiting for the write, so a
/// statement handed a connection that is closing at that instant (a `pg_ctl restart`) is never answered, and it
/// ignores cancellation: such requests waited out the whole request deadline (issue 29). A statement still
/// unanswered a second after a connection of its client was lost is given up: one that changes nothing is sent
/// once more on a fresh connection; any other is `DatabaseFault.unavailable` (503 with `Retry-After`), never sent
/// again, since it may have reached the server.
enum DatabaseActivity {
    private struct Counts {
        var answered = 0
        var lost = 0
    }

    private static let counts = Mutex<[ObjectIdentifier: Counts]>([:])

    static func noteAnswer(from client: PostgresClient) {
        counts.withLock { $0[ObjectIdentifier(client), default: Counts()].answered += 1 }
    }

    static func answers(from client: PostgresClient) -> Int {
        counts.withLock { $0[ObjectIdentifier(client)]?.answered ?? 0 }
    }

    static func noteLostConnection(of client: PostgresClient) {
        counts.withLock { $0[ObjectIdentifier(client), default: Counts()].lost += 1 }
    }

    static func lostConnections(of client: PostgresClient) -> Int {
        counts.withLock { $0[ObjectIdentifier(client)]?.lost ?? 0 }
    }

    /// Runs one statement or transaction of `client`: counts its answer, notes a lost connection, and gives it up
    /// when it waits on past a connection lost since it began (checked each second); a `readOnly` one is then sent
    /// once more.
    static func answer<T: Sendable>(
        from client: PostgresClient, readOnly: Bool = false, _ operation: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let lostBefore = lostConnections(of: client)
        do {
            let result = try await Deadline.run(
                checkingEvery: .seconds(1), givingUpWhen: { lostConnections(of: client) > lostBefore }, operation)
            noteAnswer(from: client)
            return result
        } catch is Deadline.GivenUp {
            if readOnly { return try await answer(from: client, operation) }
            throw DatabaseFault.unavailable
        } catch {
            if DatabaseFault.lostConnection(error) { noteLostConnection(of: client) }
            throw error
        }
    }
}
