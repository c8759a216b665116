public import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import ParkDeskOpenAPI
public import ParkDeskHTTP
public import ParkDeskMedia
public import ParkDeskIntake
public import ParkDeskStore

/// The JSON API as one door of the server: its middleware, its routes (the contract's operations, the contract
/// itself) and its answers to errors (problem+json). The composition root mounts it beside the other doors.
public struct APIDoor: Sendable {
    let handlers: APIHandlers
    let tokens: TokenStore

    public init(
        database: Database, reads: PublicReads, intake: LeadIntake, media: MediaLibrary, readiness: Readiness
    ) {
        tokens = database.tokens
        handlers = APIHandlers(
            health: readiness, listings: database.listings, search: database.search, places: database.places,
            publicReads: reads, leads: database.leads, leadExport: database.leadExport, intake: intake,
            media: media, fragments: SummaryFragments(), details: DetailFragments(), reports: database.reports)
    }

    /// Whether a path is this door's: the API, its contract and the probes.
    public static func owns(path: String) -> Bool {
        ["/api/", "/openapi.", "/healthz", "/readyz"].contains { path.hasPrefix($0) }
    }

    /// Paths of this door that do not touch the database.
    public static let pathsWithoutDatabase: Set<String> = ["/healthz", "/openapi.yaml", "/openapi.json"]

    /// Whether a request is a media upload (`POST /api/v1/admin/listings/{ref}/media`), whose body is a file.
    public static func isMediaUpload(_ request: Request) -> Bool {
        let path = request.uri.path
        return request.method == .post && path.hasPrefix("/api/v1/admin/listings/") && path.hasSuffix("/media")
    }

    /// The API's own middleware, innermost of the router's: query encoding, strict JSON bodies, ETag/304, the
    /// bearer-token check and the hot reads (`HotReadsMiddleware`). They pass other doors' requests through.
    public func addMiddleware(to router: Router<AppRequestContext>) {
        router.add(middleware: QueryEncodingMiddleware())
        router.add(middleware: JSONBodyMiddleware())
        router.add(middleware: ETagMiddleware())
        router.add(middleware: AuthMiddleware(tokens: tokens))
        router.add(middleware: HotReadsMiddleware(handlers: handlers))
    }

    /// The contract document and the contract's operations.
    public func addRoutes(to router: Router<AppRequestContext>) throws {
        OpenAPIDocument.addRoutes(to: router)
        // Compact JSON (the web front parses it; pretty-printing costs time on every answer), with sorted keys
        // so that the same data always gives the same bytes and the same ETag.
        try handlers.registerHandlers(
            on: router, configuration: .init(dateTranscoder: UTCDateTranscoder(), jsonEncodingOptions: [.sortedKeys]))
    }

    /// The HTTP status an error stands for (also for other doors' pages).
    public static func status(of error: any Error) -> HTTPResponse.Status {
        .init(code: ErrorMapping.problem(for: error)?.status ?? (error as? HTTPError)?.status.code ?? 500)
    }

    /// Every error as problem+json: input errors (from the generated decoders or from Core) as 400 naming the
    /// field, missing things as 404, a known path with an undeclared method as 405, conflicts as 409, an overloaded
    /// database as 503, and anything else as a logged 500 that names the request id and leaks nothing.
    public static func answer(_ error: any Error, to request: Request, context: AppRequestContext) -> Response {
        if let error = error as? HTTPError, error.status == .notFound {
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
        }
        if let problem = ErrorMapping.problem(for: error, path: request.uri.path) { return problem.response() }
        // The generated server's wrapper describes its cause only generically; log the cause itself.
        let cause = (error as? ServerError)?.underlyingError ?? error
        context.logger.error("Unhandled error", metadata: ["error": "\(String(reflecting: cause))"])
        return Problem.internalError(requestID: context.requestID).response()
    }
}
