import ParkDeskCore
import Synchronization

/// District names to ids for searches and leads, through `PlaceStore`'s lookup. Districts are reference data
/// from the migrations, so they are read once and kept: a search then filters on `district_id` directly and can
/// use its index.
final class DistrictDirectory: Sendable {
    let places: PlaceStore
    private let cache = Mutex<[District]?>(nil)

    init(places: PlaceStore) {
        self.places = places
    }

    /// The ids of the districts named (by key, Chinese name or alias); a field error for an unknown one.
    func ids(for names: [String], field: String = "district") async throws -> [Int] {
        guard !names.isEmpty else { return [] }
        let all: [District]
        if let cached = cache.withLock({ $0 }) {
            all = cached
        } else {
            all = try await places.districts()
            cache.withLock { $0 = all }
        }
        return try names.map { try PlaceStore.district(named: $0, in: all, field: field).id }
    }
}
