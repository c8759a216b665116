import ParkDeskHTTP
import Foundation
import NIOCore
import ParkDeskCore

/// Listing pages as rendered, kept for a minute per listing version: rendering (the template engine reflects on
/// every value) cost more than the page's database lookup, and made a listing page twice the API's detail
/// (BENCHMARKS.md). The page is looked up in the database on every request, so an edit or a status change
/// (both bump the version) shows at once; only the similar listings may be a minute old. The form's one-time
/// key (signed with the time) is filled in per request.
final class RenderedListings: Sendable {
    static let formKeySlot = "FORMKEY-7e1d0c"

    /// Each listing's page cut at its slot (text, key, text), by ref, for its version.
    private let kept = Kept<String, [Substring]>(lifetime: .seconds(60), capacity: 1_000)

    /// The page of this version of the listing with a fresh form key, rendering it when not kept.
    func page(for listing: Listing, formKey: String, render: () -> String) -> ByteBuffer {
        let version = String(listing.version)
        let parts =
            kept.value(for: listing.ref, token: version)
            ?? {
                let parts = Self.cut(render())
                kept.keep(parts, for: listing.ref, token: version)
                return parts
            }()
        let fills = [formKey]
        var buffer = ByteBuffer()
        buffer.reserveCapacity(parts.reduce(64) { $0 + $1.utf8.count })
        for (index, part) in parts.enumerated() {
            buffer.writeSubstring(part)
            if index < fills.count { buffer.writeString(fills[index]) }
        }
        return buffer
    }

    /// The page cut before and after each slot, in the order the slots appear.
    static func cut(_ html: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = html[...]
        for slot in [formKeySlot] {
            guard let range = rest.range(of: slot) else { break }
            parts.append(rest[..<range.lowerBound])
            rest = rest[range.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}
