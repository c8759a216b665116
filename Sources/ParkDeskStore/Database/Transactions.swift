import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs `body` in one transaction; errors come out unwrapped (not as `PostgresTransactionError`), and
    /// constraint violations become field errors.
    func writeTransaction<T: Sendable>(logger: Logger, _ body: (PostgresConnection) async throws -> T) async throws -> T
    {
        do {
            let result = try await withTransaction(logger: logger) { try await body($0) }
            DatabaseActivity.noteAnswer(from: self)
            return result
        } catch let error as PostgresTransactionError {
            throw StoreErrors.translate(error.closureError ?? error.commitError ?? error.beginError ?? error)
        } catch {
            throw StoreErrors.translate(error)
        }
    }
}
