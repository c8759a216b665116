import PostgresNIO
import Synchronization

/// Statements each database client has had answered, counted where the Store runs them. The monitor reads its
/// client's count to tell a busy database (its probe waits behind other statements, but answers keep coming) from
/// one that is away (nothing is answered at all): overload is not an outage.
enum DatabaseActivity {
    private static let answered = Mutex<[ObjectIdentifier: Int]>([:])

    static func noteAnswer(from client: PostgresClient) {
        answered.withLock { $0[ObjectIdentifier(client), default: 0] += 1 }
    }

    static func answers(from client: PostgresClient) -> Int {
        answered.withLock { $0[ObjectIdentifier(client)] ?? 0 }
    }
}
