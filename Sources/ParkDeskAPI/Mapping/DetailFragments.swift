import ParkDeskCore
import ParkDeskOpenAPI
import ParkDeskStore

/// A public listing's detail JSON as written before, kept while the listing's change token (`ListingRow.changeToken`)
/// is the one it was written for: a detail is then one light statement instead of reading, mapping and writing ~50
/// columns. The park's part (`parkDetail`, with its count of public listings) is added to every answer from the
/// parks public pages keep for 30 s, as before. The same JSON as `ListingMapping.detail` but for the member order
/// (`parkDetail` last); `DetailFragmentsTests` holds the two to equal decoded values.
final class DetailFragments: Sendable {
    /// Each listing's detail without `parkDetail` and without its closing brace, by ref.
    let kept: Kept<String, [UInt8]>

    init(capacity: Int = 5_000) {
        kept = Kept(capacity: capacity)
    }

    /// The public detail of `ref` (checked, upper case); `shownAs` is the ref as the caller wrote it.
    func detail(ref: String, shownAs: String, reads: PublicReads) async throws -> [UInt8] {
        let (bytes, parkID) = try await reads.listings.read { listings -> ([UInt8], Int?) in
            if let current = try await listings.publicChangeToken(ref: ref),
                let bytes = self.kept.value(for: ref, token: current.token)
            {
                return (bytes, current.parkID)
            }
            let (listing, token) = try await listings.findWithChangeToken(ref: ref)
            guard ListingStatus.publicStatuses.contains(listing.status) else {
                throw Problem.notFound("There is no listing '\(shownAs)'.")
            }
            var bytes = try StreamingJSONEncoder.api.encode(
                try ListingMapping.detail(listing.forThePublic, park: nil, history: nil))
            bytes.removeLast()
            self.kept.keep(bytes, for: ref, token: token)
            return (bytes, listing.parkID)
        }
        let writer = JSONByteWriter(dates: StreamingJSONEncoder.api.dates)
        writer.bytes = bytes
        if let parkID {
            let park = try await reads.places.read { try await $0.publicPark(id: parkID) }
            writer.key("parkDetail")
            try writer.write(PlaceMapping.park(park))
        }
        writer.bytes.append(UInt8(ascii: "}"))
        return writer.bytes
    }
}
