public import Hummingbird
import Logging
import NIOCore

import ParkDeskAPI
public import ParkDeskHTTP
import ParkDeskStore
import ParkDeskWeb

/// The outermost responder: answers HEAD as GET, reads the request body (at most `maxBodyBytes`, 413 beyond,
/// whatever the framing), answers 503 at once while the database is known to be away, and answers every request
/// within `deadline` (`uploadDeadline` for a media upload, the report's time limit for a report; 503 +
/// `Retry-After` when the handler has not produced its response head by then). The body is read here, before the
/// deadline starts, so that a handler left running past its deadline never touches the connection. Its own answers
/// are logged and counted (route `guard`).
public struct RequestGuard<Inner: HTTPResponder>: HTTPResponder where Inner.Context == AppRequestContext {
    public typealias Context = AppRequestContext

    let inner: Inner
    let monitor: DatabaseMonitor
    /// Pages people read get their answers in HTML; the database gate leaves them to the site, which keeps
    /// a posted form's text when the database is away.
    let doors: Doors
    /// So that the guard's own answers reach browsers on allowed origins like every other answer.
    let cors: OriginCORSMiddleware
    /// The guard's own answers are logged and counted like the router's (route `guard`).
    let metrics: AppMetrics
    let deadline: Duration
    let uploadDeadline: Duration
    let maxBodyBytes: Int
    /// The larger limit of a media upload's body (the file itself).
    let maxUploadBytes: Int

    public func respond(to request: Request, context: Context) async throws -> Response {
        let started = ContinuousClock.now
        let answer = { (problem: Problem, request: Request) -> Response in
            let response = self.answer(problem, to: request)
            var logger = context.logger
            logger[metadataKey: "request_id"] = .string(response.headers[.requestID] ?? "-")
            RequestLoggingMiddleware.log(request, route: "guard", status: response.status, since: started, logger)
            metrics.record(
                route: "guard", method: request.method.rawValue, status: response.status.code,
                duration: ContinuousClock.now - started)
            return response
        }
        var request = request
        // HEAD is GET without the body (RFC 9110 §9.3.2): every GET route answers it with the same status and
        // headers; NIO's encoder leaves the body out (and never chunks it) because it knows the request was HEAD
        if request.method == .head {
            var head = request.head
            head.method = .get
            request = Request(head: head, body: request.body)
        }
        let limit = Doors.isUpload(request) ? maxUploadBytes : maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return answer(tooLarge(limit), request)
        }
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return answer(tooLarge(limit), request)
        } catch is NIOTooManyBytesError {
            return answer(tooLarge(limit), request)  // a chunked body past the limit
        }
        // CORS preflights and the paths that need no database are answered whatever the database does
        if monitor.unavailableReason != nil, request.method != .options,
            !Doors.withoutDatabase.contains(request.uri.path), !Doors.isPage(request)
        {
            return answer(.unavailable("The database is not reachable right now; try again shortly."), request)
        }
        let inner = self.inner
        let buffered = request
        let deadline =
            Doors.isUpload(request)
            ? uploadDeadline : Doors.isReport(request) ? max(deadline, ReportStore.timeLimit + .seconds(2)) : deadline
        do {
            return try await Deadline.run(within: deadline) { try await inner.respond(to: buffered, context: context) }
        } catch is Deadline.Exceeded {
            context.logger.warning(
                "Request deadline passed",
                metadata: [
                    "method": "\(request.method)", "path": "\(request.uri.path)", "deadline": "\(deadline)",
                ])
            return answer(.unavailable("The request could not be completed in time; try again shortly."), request)
        }
    }

    /// One of the guard's own answers, with a request id and the CORS headers the router would have added.
    func answer(_ problem: Problem, to request: Request) -> Response {
        var response =
            Doors.isPage(request)
            ? doors.errorPage(request, HTTPResponse.Status(code: problem.status)) : problem.response()
        response.headers[.requestID] = RequestLoggingMiddleware.requestID(of: request)
        if let origin = request.headers[.origin], cors.allows(origin) {
            response.headers.append(contentsOf: cors.corsHeaders(origin))
        }
        return response
    }

    func tooLarge(_ limit: Int) -> Problem {
        Problem(
            status: .contentTooLarge, type: "content-too-large", title: "Content too large",
            detail: "The request body is larger than \(limit / 1024) KiB.")
    }
}
