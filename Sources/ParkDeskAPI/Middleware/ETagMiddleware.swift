import ParkDeskHTTP
import Crypto
import Foundation
import Hummingbird
import HTTPTypes

/// Gives every successful GET an `ETag` (the handler's, or a hash of the body) and answers
/// `If-None-Match` with 304 when it still matches, so browsers and caches can revalidate cheaply. `If-Match` reaches
/// the handler as sent (`RequestScope.ifMatch`): the generated decoder percent-decodes header values, which turns
/// an ETag with a `%` in it into something else.
struct ETagMiddleware: AppMiddleware {
    /// Bodies larger than this are streamed without an ETag rather than held in memory to hash.
    static let maxHashedBytes = 4 * 1024 * 1024

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await RequestScope.$ifMatch.withValue(request.headers[.ifMatch]) {
            try await next(request, context)
        }
        Self.undoPercentEncoding(of: [.eTag, .location, .contentDisposition], in: &response.headers)
        // Only JSON answers are hashed; a CSV export is streamed and never held in memory.
        guard request.method == .get, response.status == .ok,
            response.headers[.contentType]?.hasPrefix("application/json") == true
        else { return response }
        var headers = response.headers
        let tag: String
        if let given = headers[.eTag] {
            tag = given
        } else {
            let collector = BodyCollector(limit: Self.maxHashedBytes)
            try await response.body.write(collector)
            guard let body = collector.buffer else { return response }
            let digest = SHA256.hash(data: body.readableBytesView)
            tag = "W/\"" + Self.hex(digest.prefix(12)) + "\""
            headers[.eTag] = tag
            if !Self.matches(request.headers[.ifNoneMatch], tag) {
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
            }
        }
        guard Self.matches(request.headers[.ifNoneMatch], tag) else { return response }
        var notModified = HTTPFields()
        notModified[.eTag] = tag
        if let cacheControl = headers[.cacheControl] { notModified[.cacheControl] = cacheControl }
        return Response(status: .notModified, headers: notModified, body: .init())
    }

    /// The generated server percent-encodes header values it sets (`"v1"` → `%22v1%22`); ETags, Locations and
    /// file names are plain ASCII and must go out as they are.
    static func undoPercentEncoding(of names: [HTTPField.Name], in headers: inout HTTPFields) {
        for name in names {
            if let value = headers[name], value.contains("%"), let decoded = value.removingPercentEncoding {
                headers[name] = decoded
            }
        }
    }

    /// Lower-case hex of `bytes` (`String(format:)` per byte was 1.5 % of a search's CPU).
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes { text += [digits[Int(byte >> 4)], digits[Int(byte & 0xF)]] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Weak comparison (RFC 9110 §13.1.2): `*` or any listed tag equal once `W/` is ignored.
    static func matches(_ header: String?, _ tag: String) -> Bool {
        guard let header else { return false }
        let opaque = { (text: Substring) in text.hasPrefix("W/") ? text.dropFirst(2) : text }
        let wanted = opaque(Substring(tag))
        return header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            return trimmed == "*" || opaque(Substring(trimmed)) == wanted
        }
    }
}

/// Collects a response body up to a limit; `buffer` is `nil` when the body was larger.
final class BodyCollector: ResponseBodyWriter {
    private(set) var buffer: ByteBuffer? = ByteBuffer()
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    func write(_ part: ByteBuffer) async throws {
        guard var collected = buffer else { return }
        if collected.readableBytes + part.readableBytes > limit {
            buffer = nil
            return
        }
        var part = part
        collected.writeBuffer(&part)
        buffer = collected
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
