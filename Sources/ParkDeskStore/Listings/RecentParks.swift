import ParkDeskCore
import Synchronization

/// Parks as public pages show them, each read from the database at most once per `lifetime`: a park's count
/// of public listings is an index-only count of them (3.7 ms for a park of 23,670 listings at 1,000,000), and
/// it was paid on every listing page. Staff pages read parks directly (exact counts).
final class RecentParks: Sendable {
    static let lifetime = Duration.seconds(30)
    private let parks = Mutex<[Int: (park: Park, at: ContinuousClock.Instant)]>([:])

    func park(_ id: Int) -> Park? {
        parks.withLock { entries in
            guard let entry = entries[id], ContinuousClock.now - entry.at < Self.lifetime else { return nil }
            return entry.park
        }
    }

    func keep(_ park: Park) {
        parks.withLock { $0[park.id] = (park, ContinuousClock.now) }
    }
}

/// The text parser of the current place names, kept for a minute (building it reads every district and park).
final class RecentTextParser: Sendable {
    static let lifetime = Duration.seconds(60)
    private let kept = Mutex<(parser: TextParser, at: ContinuousClock.Instant)?>(nil)

    var parser: TextParser? {
        kept.withLock { entry in
            guard let entry, ContinuousClock.now - entry.at < Self.lifetime else { return nil }
            return entry.parser
        }
    }

    func keep(_ parser: TextParser) {
        kept.withLock { $0 = (parser, ContinuousClock.now) }
    }

    func forget() {
        kept.withLock { $0 = nil }
    }
}
