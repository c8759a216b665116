import Metrics
import Foundation
import HTTPTypes
import Hummingbird
import OpenAPIRuntime
import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore
import ParkDeskIntake

/// Which problem an error is, if it is one a client can cause or a condition we can name.
enum ErrorMapping {
    /// `path` names the operation when the generated server did not run (the hot reads answer searches and details
    /// themselves).
    static func problem(for error: any Error, path: String? = nil) -> Problem? {
        // the operation that failed, so that a time-out names it
        let operation =
            (error as? ServerError)?.operationID
            ?? path.flatMap {
                $0.hasPrefix("/api/v1/listings/") ? "getListing" : $0 == "/api/v1/listings" ? "searchListings" : nil
            }
        switch DatabaseFault.named(error) {
        case let problem as Problem:
            return problem
        case let server as ServerError:
            // Before the handler ran, the request did not fit the document: the client's mistake.
            if server.operationInput == nil {
                // the document requires If-Match, so the generated decoder refuses its absence: still a 428
                if server.request.headerFields[.ifMatch] == nil,
                    ParameterDiagnosis.declaresHeader("If-Match", operationID: server.operationID)
                {
                    return ListingVersionPrecondition.missing
                }
                if let parameter = ParameterDiagnosis.invalidParameter(
                    operationID: server.operationID, request: server.request)
                {
                    return .badRequest([parameter])
                }
                return inputProblem(server.underlyingError)
            }
            return problem(for: server.underlyingError)
        case let invalid as ValidationFailed:
            return .badRequest(invalid.errors.map { .init(field: $0.field, message: $0.message) })
        case let missing as NotFound:
            return .notFound("There is no \(missing.what) '\(missing.key)'.")
        case let conflict as VersionConflict:
            return .conflict(conflict.description)
        case let inUse as ParkInUse:
            return .conflict(inUse.description)
        case let refusal as LeadIntake.Refusal:
            return refused(refusal)
        case let http as HTTPError:
            let title = http.status.reasonPhrase
            return Problem(
                status: http.status, type: title.lowercased().replacingOccurrences(of: " ", with: "-"),
                title: title, detail: http.body)
        case let fault as DatabaseFault:
            switch fault {
            case .unavailable: return .unavailable("The database is not reachable right now; try again shortly.")
            case .timedOut:
                Counter(label: "parkdesk_statement_timeouts_total").increment()  // in /metrics
                return .unavailable(timedOut(operation))
            case .unstorableText:
                return .badRequest(field: "request", "contains a character that cannot be stored (such as NUL)")
            }
        default:
            return nil
        }
    }

    /// What a statement time-out says: the operation by name, and what to do (a time-out rolls its work back).
    static func timedOut(_ operation: String?) -> String {
        switch operation {
        case "searchListings", "adminSearchListings":
            "The search took too long and was stopped; narrow the filters or try again."
        case "submitLead", "createLead":
            "Saving the inquiry took too long and was stopped; nothing was stored. Send it again (with the same "
                + "Idempotency-Key)."
        case "exportLeads": "The export took too long and was stopped; narrow the filters or try again."
        case let name?: "The operation \(name) took too long and was stopped; nothing was changed. Try again."
        case nil: "The request took too long and was stopped; nothing was changed. Try again."
        }
    }

    static func refused(_ refusal: LeadIntake.Refusal) -> Problem {
        switch refusal {
        case .rateLimited(let seconds):
            return .tooManyRequests(retryAfter: seconds)
        case .keyReused:
            return Problem(
                status: .unprocessableContent, type: "idempotency-key-reused", title: "Idempotency key reused",
                detail: "This Idempotency-Key was sent before with a different body; use a new key for a new inquiry.")
        case .keyInFlight:
            var problem = Problem(
                status: .conflict, type: "idempotency-key-in-flight", title: "Request in progress",
                detail: "A request with this Idempotency-Key is being handled; retry shortly for its answer.")
            problem.retryAfter = 1
            return problem
        }
    }

    /// A request the generated code could not decode, as a 400 naming the part that is wrong.
    static func inputProblem(_ error: any Error) -> Problem {
        if let decoding = error as? DecodingError { return .badRequest([fieldError(decoding)]) }
        let text = String(describing: error)
        return .badRequest(field: "request", text.isEmpty ? "could not be read" : text)
    }

    static let readOnlyFields: Set<String> = ["id", "ref", "version", "createdAt", "updatedAt"]

    static func fieldError(_ error: DecodingError) -> Problem.FieldError {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : "." + key.stringValue
                }
            }
            return text.isEmpty ? "body" : text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return .init(field: path(context.codingPath), message: "must be \(typeName(type))")
        case .valueNotFound(let type, let context):
            return .init(field: path(context.codingPath), message: "must be \(typeName(type)), not null")
        case .keyNotFound(let key, let context):
            return .init(field: path(context.codingPath + [key]), message: "is required")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if context.debugDescription.contains("Additional properties") {
                let name = context.codingPath.last?.stringValue ?? field
                return .init(
                    field: field,
                    message: readOnlyFields.contains(name)
                        ? "is read-only and cannot be set" : "is not a field of this request")
            }
            if field == "body" { return .init(field: field, message: "is not valid JSON") }
            return .init(field: field, message: "has a value that is not allowed here")
        @unknown default:
            return .init(field: "body", message: "could not be read")
        }
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int32.Type, is Int64.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        default: "a value of the documented type"
        }
    }
}
