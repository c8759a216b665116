import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` in one transaction; errors come out unwrapped (not as `PostgresTransactionError`), and
    /// constraint violations become field errors. Given up with the database unavailable when it waits on past a
    /// lost connection (`DatabaseActivity.answer`).
    func writeTransaction<T: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await translatingErrors {
            try await DatabaseActivity.answer(from: self) {
                try await self.withTransaction(logger: logger) { try await body($0) }
            }
        }
    }

    /// A transaction that may rightly run long (an import, an export streaming to its caller): never given up
    /// half-way, since it may still commit or has sent rows already.
    func longTransaction<T: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await translatingErrors { try await withTransaction(logger: logger) { try await body($0) } }
    }

    private func translatingErrors<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch {
            throw StoreErrors.translate(DatabaseFault.unwrapped(error))
        }
    }
}
