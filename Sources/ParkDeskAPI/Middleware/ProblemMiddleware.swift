import Hummingbird
import Logging
import Foundation
import OpenAPIRuntime
import ParkDeskWeb

/// Turns every error into problem+json: input errors (from the generated decoders or from Core) as 400
/// naming the field, missing things as 404, conflicts as 409, an overloaded database as 503, and anything
/// else as a logged 500 that names the request id and leaks nothing.
struct ProblemMiddleware: AppMiddleware {
    /// Answers errors of pages people read in HTML.
    let site: WebSite

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error where WebSite.isPage(request) {
            let status = ErrorMapping.problem(for: error)?.status ?? (error as? HTTPError)?.status.code ?? 500
            return site.errorPage(HTTPResponse.Status(code: status))
        } catch let error as HTTPError where error.status == .notFound {
            // no route: a known path with an undeclared method is 405 with the methods it has
            let allowed = ParameterDiagnosis.declaredMethods(forPath: request.uri.path)
            guard !allowed.isEmpty else { return Problem.notFound("There is no such path.").response() }
            var response = Problem(
                status: .methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                detail: "\(request.method) is not allowed here; use \(allowed.joined(separator: ", "))."
            )
            .response()
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        } catch {
            if let problem = ErrorMapping.problem(for: error, path: request.uri.path) { return problem.response() }
            // The generated server's wrapper describes its cause only generically; log the cause itself.
            let cause = (error as? ServerError)?.underlyingError ?? error
            context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: cause))"])
            return Problem.internalError(requestID: context.requestID).response()
        }
    }
}
