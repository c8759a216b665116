public import Hummingbird
import Foundation

/// An error the API answers with an RFC 9457 `application/problem+json` body.
public struct Problem: Error, Codable, Sendable, Equatable {
    /// One wrong field, query parameter or header, and what is wrong with it.
    public struct FieldError: Codable, Sendable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            (self.field, self.message) = (field, message)
        }
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    public var errors: [FieldError]?
    /// Seconds for the `Retry-After` header (429, 409 while a request is in flight); not part of the body.
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, instance, errors
    }

    public init(
        status: HTTPResponse.Status, type: String, title: String, detail: String? = nil, errors: [FieldError]? = nil
    ) {
        self.type = "https://parkdesk.invalid/problems/" + type
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors
    }

    public static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, type: "not-found", title: "Not found", detail: detail)
    }

    /// Invalid input; `detail` repeats the field errors in one line for people reading logs.
    public static func badRequest(_ errors: [FieldError]) -> Problem {
        Problem(
            status: .badRequest, type: "invalid-request", title: "Invalid request",
            detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), errors: errors)
    }

    public static func badRequest(field: String, _ message: String) -> Problem {
        badRequest([FieldError(field: field, message: message)])
    }

    public static func unauthorized(_ detail: String) -> Problem {
        Problem(status: .unauthorized, type: "unauthorized", title: "Unauthorized", detail: detail)
    }

    public static func forbidden(_ detail: String) -> Problem {
        Problem(status: .forbidden, type: "forbidden", title: "Forbidden", detail: detail)
    }

    public static func conflict(_ detail: String) -> Problem {
        Problem(status: .conflict, type: "conflict", title: "Conflict", detail: detail)
    }

    public static func tooManyRequests(retryAfter seconds: Int) -> Problem {
        var problem = Problem(
            status: .tooManyRequests, type: "rate-limited", title: "Too many requests",
            detail: "Too many inquiries from your address; please try again in \(seconds) seconds or call 400 0123 021."
        )
        problem.retryAfter = seconds
        return problem
    }

    public static func unavailable(_ detail: String) -> Problem {
        Problem(status: .serviceUnavailable, type: "unavailable", title: "Service unavailable", detail: detail)
    }

    public static func internalError(requestID: String) -> Problem {
        Problem(
            status: .internalServerError, type: "internal", title: "Internal error",
            detail: "Something went wrong on our side; quote request id \(requestID) when you report it.")
    }

    /// The HTTP answer carrying this problem.
    public func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == 401 { headers[.wwwAuthenticate] = #"Bearer realm="parkdesk""# }
        if let retryAfter {
            headers[.retryAfter] = String(retryAfter)
        } else if status == 503 {
            headers[.retryAfter] = "5"
        }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
