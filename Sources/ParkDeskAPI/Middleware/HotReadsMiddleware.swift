import ParkDeskHTTP
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import OpenAPIRuntime
import Synchronization

/// Answers the hot public reads — the search page and a listing's detail — with JSON bytes written directly.
/// A plain request (a query string `SearchQueryReader` reads, a ref of letters, digits and dashes, no `Accept` or
/// one JSON satisfies plainly) is answered here through the same handler functions, without the generated server,
/// whose reading of the search's 25 query parameters was ~13 % of the server's CPU. Any other request goes on to the
/// generated route, whose handler hands its bytes to `StreamedBody` and returns an empty stand-in of the generated
/// type (which keeps the runtime's checks and errors); then this middleware puts the bytes in the stand-in's place.
/// Other paths pass through untouched.
struct HotReadsMiddleware: AppMiddleware {
    let handlers: APIHandlers

    static let searchPath = "/api/v1/listings"
    static let detailPrefix = "/api/v1/listings/"

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard request.method == .get, request.uri.path.hasPrefix(Self.searchPath) else {
            return try await next(request, context)
        }
        if Self.plainAccept(request.headers[.accept]) {
            let path = request.uri.path
            if path == Self.searchPath, let query = SearchQueryReader.query(request.uri.query.map { $0[...] }) {
                return Self.json(try await handlers.searchPage(query))
            }
            if let ref = Self.plainRef(path) {
                return Self.json(try await handlers.detail(ref: ref))
            }
        }
        let streamed = StreamedBody()
        var response = try await RequestScope.$streamedBody.withValue(streamed) { try await next(request, context) }
        if let bytes = streamed.bytes.withLock({ $0.take() }) {
            response.headers[.contentLength] = String(bytes.count)
            response.body = ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        }
        return response
    }

    /// No `Accept`, or one that plainly takes JSON.
    static func plainAccept(_ accept: String?) -> Bool {
        guard let accept else { return true }
        return accept == "application/json" || accept == "*/*"
    }

    /// The ref of a detail path whose ref is letters, digits and dashes only.
    static func plainRef(_ path: String) -> String? {
        guard path.hasPrefix(detailPrefix) else { return nil }
        let ref = path.utf8.dropFirst(detailPrefix.utf8.count)
        let plain = ref.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
        guard !ref.isEmpty, plain else { return nil }
        return String(ref)
    }

    /// A 200 answer with `bytes` as its JSON body, headed as the generated server heads it.
    static func json(_ bytes: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.contentLength] = String(bytes.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// One request's answer written by `StreamingJSONEncoder`, waiting for `HotReadsMiddleware`.
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

    /// JSON `bytes` as the answer: sent as they are when the middleware is there to send them (then `standIn` is
    /// what the handler returns), else decoded for the runtime to encode.
    static func answer<T: Decodable>(bytes: [UInt8], standIn: @autoclosure () -> T) throws -> T {
        guard let streamed = RequestScope.streamedBody else {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            return try decoder.decode(T.self, from: Data(bytes))
        }
        streamed.bytes.withLock { $0 = bytes }
        return standIn()
    }
}
