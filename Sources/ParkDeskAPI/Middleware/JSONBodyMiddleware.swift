import ParkDeskHTTP
import Foundation
import Hummingbird
import OpenAPIRuntime

/// Reads request bodies strictly before the generated decoder does: a body must say it is JSON (415 otherwise),
/// and every duplicate key, `null`, lone surrogate and out-of-range number is a 400 naming its field. When the
/// decoder then refuses unknown fields, the answer lists all of them, not only the first.
struct JSONBodyMiddleware: AppMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        // The website's forms post form-encoded bodies and uploads post files; the rest of the API speaks JSON.
        guard request.uri.path.hasPrefix("/api/"), !APIDoor.isMediaUpload(request) else {
            return try await next(request, context)
        }
        var request = request
        let body = try await request.collectBody(upTo: .max)
        guard body.readableBytes > 0 else { return try await next(request, context) }
        guard Self.isJSON(request.headers[.contentType]) else {
            throw Problem(
                status: .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported media type",
                detail: "Send the body as JSON with Content-Type: application/json.",
                errors: [.init(field: "Content-Type", message: "must be application/json")])
        }
        let bytes = Array(body.readableBytesView)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw Problem.badRequest(field: "body", "is not valid UTF-8")
        }
        let findings = StrictJSON.check(bytes)
        if !findings.isEmpty { throw Problem.badRequest(findings.map { .init(field: $0.field, message: $0.message) }) }
        do {
            return try await next(request, context)
        } catch let error as ServerError where error.operationInput == nil {
            throw Self.unknownFields(error, body: bytes) ?? error
        }
    }

    /// `application/json` or any `+json` type, with or without parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        else { return false }
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// Every field the body has and its schema does not, when the decoder refused one of them.
    static func unknownFields(_ error: ServerError, body: [UInt8]) -> Problem? {
        guard case .dataCorrupted(let context)? = error.underlyingError as? DecodingError,
            context.debugDescription.contains("Additional properties"),
            let json = try? JSONSerialization.jsonObject(with: Data(body))
        else { return nil }
        let unknown = ParameterDiagnosis.unknownBodyFields(operationID: error.operationID, body: json)
        guard !unknown.isEmpty else { return nil }
        return .badRequest(
            unknown.map { field in
                let name = field.split(separator: ".").last.map(String.init) ?? field
                return .init(
                    field: field,
                    message: ErrorMapping.readOnlyFields.contains(name)
                        ? "is read-only and cannot be set" : "is not a field of this request")
            })
    }
}
