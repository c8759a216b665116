public import Hummingbird
import Logging
import Foundation

/// Turns every error into problem+json: our `Problem`s as they are, Hummingbird's `HTTPError`s with
/// their status, anything else as a logged 500 that names the request id and leaks nothing.
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response()
        } catch let error as HTTPError {
            let title = error.status.reasonPhrase
            return Problem(status: error.status, type: title.lowercased().replacingOccurrences(of: " ", with: "-"),
                           title: title, detail: error.body).response()
        } catch {
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return Problem.internalError(requestID: context.requestID).response()
        }
    }
}
