import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore
import Synchronization

/// The public search page's JSON, put together from each listing's summary JSON as written before, while the
/// listing's change token (`SortOrder.changeToken`: the row versions of the listing, its district and its park)
/// is the one it was written for. The search statement then reads four columns per row instead of 28, and the
/// server neither decodes nor maps nor writes the summaries again: reading, mapping and writing them were ~30 % of
/// the server's CPU per search. A listing whose token differs (any change, by this server or another) or that is
/// not kept is read again in one more statement. The same bytes as `ListingMapping.page` written directly, but
/// for the member order (`distanceKm` last); `SummaryFragmentsTests` holds the two to equal decoded values.
final class SummaryFragments: Sendable {
    /// One listing's summary as JSON without its closing brace, and the change token it was written for.
    struct Fragment {
        let token: String
        let bytes: [UInt8]
    }

    /// The kept fragments, and their ids in the order they were first kept (the oldest is dropped for a new one).
    struct Kept {
        var fragments: [Int64: Fragment] = [:]
        var ring: [Int64] = []
        var oldest = 0
    }

    private let kept = Mutex(Kept())
    /// At most this many fragments are kept (~600 bytes each): a whole office's listings.
    let capacity: Int

    init(capacity: Int = 20_000) {
        self.capacity = max(1, capacity)
    }

    var count: Int { kept.withLock { $0.fragments.count } }

    /// The public search page of `query` as JSON.
    func page(_ query: ListingQuery, search: ListingSearch) async throws -> [UInt8] {
        let page = try await search.hits(query, publicOnly: true)
        var found: [[UInt8]?] = kept.withLock { kept in
            page.hits.map { hit in kept.fragments[hit.id].flatMap { $0.token == hit.token ? $0.bytes : nil } }
        }
        let missing = zip(page.hits, found).compactMap { hit, bytes in bytes == nil ? hit.id : nil }
        if !missing.isEmpty {
            var written: [Int64: Fragment] = [:]
            for (id, row) in try await search.summaries(ids: missing, publicOnly: true) {
                written[id] = Fragment(token: row.token, bytes: try Self.fragment(row.summary))
            }
            for index in found.indices where found[index] == nil { found[index] = written[page.hits[index].id]?.bytes }
            keep(written)
        }
        let writer = JSONByteWriter(dates: StreamedBody.encoder.dates)
        writer.bytes.reserveCapacity(found.reduce(256) { $0 + ($1?.count ?? 0) + 32 })
        writer.bytes += #"{"items":["#.utf8
        var first = true
        // A listing no longer public when its summary was read again is left out.
        for (hit, bytes) in zip(page.hits, found) {
            guard let bytes else { continue }
            if !first { writer.bytes.append(UInt8(ascii: ",")) }
            first = false
            writer.bytes += bytes
            try writer.member("distanceKm", hit.distanceKm.map(ListingMapping.distanceKm))
            writer.bytes.append(UInt8(ascii: "}"))
        }
        writer.bytes.append(UInt8(ascii: "]"))
        writer.member("nextCursor", page.nextCursor?.token)
        if let facets = page.facets {
            writer.key("facets")
            try writer.write(ListingMapping.facets(facets))
        }
        writer.bytes.append(UInt8(ascii: "}"))
        return writer.bytes
    }

    /// `summary` (without a distance) as `ListingSummary.writeJSON` writes it, without the closing brace.
    static func fragment(_ summary: ListingSummary) throws -> [UInt8] {
        var summary = summary
        summary.distanceKm = nil
        let writer = JSONByteWriter(dates: StreamedBody.encoder.dates)
        try ListingMapping.summary(summary).writeJSON(to: writer)
        writer.bytes.removeLast()
        return writer.bytes
    }

    private func keep(_ written: [Int64: Fragment]) {
        kept.withLock { kept in
            for (id, fragment) in written {
                if kept.fragments.updateValue(fragment, forKey: id) != nil { continue }
                if kept.ring.count < capacity {
                    kept.ring.append(id)
                } else {
                    kept.fragments[kept.ring[kept.oldest]] = nil
                    kept.ring[kept.oldest] = id
                    kept.oldest = (kept.oldest + 1) % capacity
                }
            }
        }
    }
}
