import Foundation
import Hummingbird

/// Refuses a query string whose names or values do not decode (`q=%FF`, `%zz`) or hold a NUL (`%00`, which
/// no text in PostgreSQL can): the generated decoder would drop such a filter silently, or the database refuse it
/// later. 400 names the parameter.
struct QueryEncodingMiddleware: AppMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let query = request.uri.query, !query.isEmpty {
            let errors = Self.undecodable(query).map {
                Problem.FieldError(field: $0, message: "is not valid percent-encoded UTF-8 text (and holds no NUL)")
            }
            if !errors.isEmpty { throw Problem.badRequest(errors) }
        }
        return try await next(request, context)
    }

    /// Names of the parameters (as far as they decode) whose name or value does not.
    static func undecodable(_ query: String) -> [String] {
        query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).replacingOccurrences(of: "+", with: " ")
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            guard let decodedName = name.removingPercentEncoding, !decodedName.contains("\0") else { return name }
            guard let decoded = value.removingPercentEncoding, !decoded.contains("\0") else { return decodedName }
            return nil
        }
    }
}
