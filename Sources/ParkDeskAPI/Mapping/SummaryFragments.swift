import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore

/// The public search page's JSON, put together from each listing's summary JSON as written before, while the
/// listing's change token (`ListingRow.changeToken`: the row versions of the listing, its district and its park)
/// is the one it was written for. The search statement then reads four columns per row instead of 28, and the
/// server neither decodes nor maps nor writes the summaries again: reading, mapping and writing them were ~30 % of
/// the server's CPU per search. A listing whose token differs (any change, by this server or another) or that is
/// not kept is read again in one more statement. The same bytes as `ListingMapping.page` written directly, but
/// for the member order (`distanceKm` last); `SummaryFragmentsTests` holds the two to equal decoded values.
final class SummaryFragments: Sendable {
    /// Each listing's summary as JSON without its closing brace, by listing id.
    let kept: Kept<Int64, [UInt8]>

    init(capacity: Int = 20_000) {
        kept = Kept(capacity: capacity)
    }

    /// The public search page of `query` as JSON.
    func page(_ query: ListingQuery, search: ListingSearch) async throws -> [UInt8] {
        let page = try await search.hits(query, publicOnly: true)
        var found = kept.values(page.hits.map { ($0.id, $0.token) })
        let missing = zip(page.hits, found).compactMap { hit, bytes in bytes == nil ? hit.id : nil }
        if !missing.isEmpty {
            var written: [Int64: (token: String, bytes: [UInt8])] = [:]
            for (id, row) in try await search.summaries(ids: missing, publicOnly: true) {
                written[id] = (row.token, try Self.fragment(row.summary))
            }
            for index in found.indices where found[index] == nil { found[index] = written[page.hits[index].id]?.bytes }
            kept.keep(written.map { ($0.key, $0.value.token, $0.value.bytes) })
        }
        let writer = JSONByteWriter(dates: StreamingJSONEncoder.api.dates)
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
        if let interpretation = ListingMapping.interpretation(query) {
            writer.key("interpretation")
            try writer.write(interpretation)
        }
        writer.bytes.append(UInt8(ascii: "}"))
        return writer.bytes
    }

    /// `summary` (without a distance) as `ListingSummary.writeJSON` writes it, without the closing brace.
    static func fragment(_ summary: ListingSummary) throws -> [UInt8] {
        var summary = summary
        summary.distanceKm = nil
        let writer = JSONByteWriter(dates: StreamingJSONEncoder.api.dates)
        try ListingMapping.summary(summary).writeJSON(to: writer)
        writer.bytes.removeLast()
        return writer.bytes
    }
}
