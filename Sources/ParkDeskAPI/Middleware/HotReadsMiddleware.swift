import ParkDeskHTTP
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// Answers the hot public reads — the search page and a listing's detail — with JSON bytes written directly.
/// A plain request (a query string `SearchQueryReader` reads, a ref of letters, digits and dashes, no `Accept` or
/// one JSON satisfies plainly) is answered here through the same handler functions, without the generated server,
/// whose reading of the search's 25 query parameters was ~13 % of the server's CPU. This is the one way around the
/// generated server: any other request (an unusual `Accept`, a query this reader leaves to the generated decoder)
/// goes on to the generated route, whose handler decodes the same bytes into the generated types for the runtime to
/// check and encode (`APIHandlers.generated`). Other paths pass through untouched.
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
            if path == Self.searchPath, let input = SearchQueryReader.input(request.uri.query.map { $0[...] }) {
                return Self.json(try await handlers.searchPage(input))
            }
            if let ref = Self.plainRef(path) {
                return Self.json(try await handlers.detail(ref: ref))
            }
        }
        return try await next(request, context)
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
