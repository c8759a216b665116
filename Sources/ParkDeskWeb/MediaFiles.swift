import ParkDeskHTTP
import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskMedia

/// `GET /media/<sha256>-<width>.jpg`: a stored picture's web size. The name is the content's address, so the
/// answer never changes: cached for a year as immutable, its ETag the name; one byte range (`Range: bytes=…`)
/// answers 206, a range beyond the file 416. Originals and certificates are not served here (staff fetch them
/// through the admin API).
extension WebSite {
    func mediaFile(_ name: String, _ headers: HTTPFields) -> Response {
        guard let path = media.publicFile(named: name), let data = FileManager.default.contents(atPath: path.path)
        else { return errorPage(.notFound) }
        let etag = "\"\(name)\""
        var fields: HTTPFields = [
            .contentType: "image/jpeg", .cacheControl: "public, max-age=31536000, immutable", .eTag: etag,
            .xContentTypeOptions: "nosniff", .acceptRanges: "bytes",
        ]
        if headers[.ifNoneMatch]?.split(separator: ",").contains(where: {
            $0.trimmingCharacters(in: .whitespaces) == etag
        }) == true {
            return Response(status: .notModified, headers: fields)
        }
        guard let range = headers[.range] else {
            return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        guard let (first, last) = Self.byteRange(range, size: data.count) else {
            fields[.contentRange] = "bytes */\(data.count)"
            return Response(status: .rangeNotSatisfiable, headers: fields)
        }
        fields[.contentRange] = "bytes \(first)-\(last)/\(data.count)"
        return Response(
            status: .partialContent, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data[first...last])))
    }

    /// `bytes=10-99`, `bytes=10-`, `bytes=-100` within a file of `size` bytes; `nil` when unsatisfiable.
    static func byteRange(_ header: String, size: Int) -> (Int, Int)? {
        guard header.hasPrefix("bytes="), !header.contains(","), size > 0 else { return nil }
        let spec = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard spec.count == 2 else { return nil }
        let (start, end) = (Int(spec[0]), Int(spec[1]))
        switch (spec[0].isEmpty, spec[1].isEmpty) {
        case (true, false):
            guard let suffix = end, suffix > 0 else { return nil }
            return (max(0, size - suffix), size - 1)
        case (false, _):
            guard let start, start < size, start >= 0 else { return nil }
            let last = spec[1].isEmpty ? size - 1 : min(end ?? -1, size - 1)
            return last >= start ? (start, last) : nil
        default:
            return nil
        }
    }
}
