import Hummingbird
import HTTPTypes
import NIOCore
import OpenAPIRuntime
import Synchronization

/// Lets the hot public reads (`/api/v1/listings…`) answer with bytes from `StreamingJSONEncoder` instead of the
/// runtime's `JSONEncoder`: the handler hands its encoded answer to `StreamedBody` and returns an empty stand-in
/// of the generated type (which keeps the contract's types and the runtime's checks), and this middleware puts
/// the bytes in the stand-in's place. Other paths pass through untouched.
struct StreamedBodyMiddleware: AppMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get, request.uri.path.hasPrefix("/api/v1/listings") else {
            return try await next(request, context)
        }
        let streamed = StreamedBody()
        var response = try await RequestScope.$streamedBody.withValue(streamed) { try await next(request, context) }
        if let bytes = streamed.bytes.withLock({ $0.take() }) {
            response.headers[.contentLength] = String(bytes.count)
            response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        }
        return response
    }
}

/// One request's answer written by `StreamingJSONEncoder`, waiting for `StreamedBodyMiddleware`.
final class StreamedBody: Sendable {
    let bytes = Mutex<[UInt8]?>(nil)

    static let encoder = StreamingJSONEncoder(dates: UTCDateTranscoder())

    /// `value` as the answer: encoded here when the middleware is there to send it (then `standIn` is what the
    /// handler returns), else `value` itself for the runtime to encode.
    static func answer<T: Encodable>(_ value: T, standIn: @autoclosure () -> T) throws -> T {
        guard let streamed = RequestScope.streamedBody else { return value }
        let bytes = try encoder.encode(value)
        streamed.bytes.withLock { $0 = bytes }
        return standIn()
    }
}
