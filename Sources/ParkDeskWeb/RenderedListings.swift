import Foundation
import NIOCore
import ParkDeskCore
import Synchronization

/// Listing pages as rendered, kept for a minute per listing version: rendering (the template engine reflects on
/// every value) cost more than the page's database lookup, and made a listing page twice the API's detail
/// (BENCHMARKS.md). The page is looked up in the database on every request, so an edit or a status change
/// (both bump the version) shows at once; only the similar listings may be a minute old. The form's one-time
/// key (signed with the time) is filled in per request.
final class RenderedListings: Sendable {
    static let formKeySlot = "FORMKEY-7e1d0c"

    /// A page cut at its slot: text, key, text.
    private struct Entry {
        let version: Int
        let until: ContinuousClock.Instant
        let parts: [Substring]
    }

    private let kept = Mutex<[String: Entry]>([:])
    let lifetime: Duration

    init(lifetime: Duration = .seconds(60)) {
        self.lifetime = lifetime
    }

    /// The page of this version of the listing with a fresh form key, rendering it when not kept.
    func page(for listing: Listing, formKey: String, render: () -> String) -> ByteBuffer {
        let now = ContinuousClock.now
        let kept = self.kept.withLock { kept in
            kept[listing.ref].flatMap { $0.version == listing.version && $0.until > now ? $0.parts : nil }
        }
        let parts =
            kept
            ?? {
                let parts = Self.cut(render())
                self.kept.withLock { kept in
                    if kept.count > 1_000 { kept.removeAll() }
                    kept[listing.ref] = Entry(version: listing.version, until: now + lifetime, parts: parts)
                }
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
