import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore
import Synchronization

/// The public search page's JSON, put together from each listing's summary JSON as written before, while the
/// listing's change token (`ListingRow.changeToken`: the row versions of the listing, its district and its park)
/// is the one it was written for. The search statement then reads four columns per row instead of 28, and the
/// server neither decodes nor maps nor writes the summaries again: reading, mapping and writing them were ~30 % of
/// the server's CPU per search. A listing whose token differs (any change, by this server or another) or that is
/// not kept is read again in one more statement. The same bytes as `ListingMapping.page` written directly, but
/// for the member order (`distanceKm` last); `SummaryFragmentsTests` holds the two to equal decoded values.
final class SummaryFragments: Sendable {
    /// Each listing's summary as JSON without its closing brace, by listing id.
    let kept: KeptJSON<Int64>

    init(capacity: Int = 20_000) {
        kept = KeptJSON(capacity: capacity)
    }

    /// The public search page of `query` as JSON.
    func page(_ query: ListingQuery, search: ListingSearch) async throws -> [UInt8] {
        let page = try await search.hits(query, publicOnly: true)
        var found = kept.bytes(page.hits.map { ($0.id, $0.token) })
        let missing = zip(page.hits, found).compactMap { hit, bytes in bytes == nil ? hit.id : nil }
        if !missing.isEmpty {
            var written: [Int64: KeptJSON<Int64>.Entry] = [:]
            for (id, row) in try await search.summaries(ids: missing, publicOnly: true) {
                written[id] = .init(token: row.token, bytes: try Self.fragment(row.summary))
            }
            for index in found.indices where found[index] == nil { found[index] = written[page.hits[index].id]?.bytes }
            kept.keep(written)
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
}

/// JSON written for something (a listing's summary or detail), kept by key while the change token it was written for
/// is current. At most `capacity` entries (~600 bytes to a few KB each); a new key drops the oldest kept.
final class KeptJSON<Key: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        let token: String
        let bytes: [UInt8]
    }

    /// The entries, and their keys in the order they were first kept.
    struct Kept: Sendable {
        var entries: [Key: Entry] = [:]
        var ring: [Key] = []
        var oldest = 0
    }

    private let kept = Mutex(Kept())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    var count: Int { kept.withLock { $0.entries.count } }

    /// The bytes kept for each key whose token is the one given, else `nil` in its place.
    func bytes(_ wanted: [(key: Key, token: String)]) -> [[UInt8]?] {
        kept.withLock { kept in
            wanted.map { key, token in kept.entries[key].flatMap { $0.token == token ? $0.bytes : nil } }
        }
    }

    func keep(_ written: [Key: Entry]) {
        kept.withLock { kept in
            for (key, entry) in written {
                if kept.entries.updateValue(entry, forKey: key) != nil { continue }
                if kept.ring.count < capacity {
                    kept.ring.append(key)
                } else {
                    kept.entries[kept.ring[kept.oldest]] = nil
                    kept.ring[kept.oldest] = key
                    kept.oldest = (kept.oldest + 1) % capacity
                }
            }
        }
    }
}
