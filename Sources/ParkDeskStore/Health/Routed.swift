/// A store on the primary and, when a read replica is configured, the same store on the replica. `read` runs a
/// public read on the replica while it is in use, and on the primary otherwise — or again on the primary when
/// the replica fails under it, so that a replica going away costs a reader time, never an error.
public struct Routed<Store: Sendable>: Sendable {
    /// The store on the primary, for reads that must see the latest writes.
    public let primary: Store
    let replica: (store: Store, monitor: ReadReplica)?

    /// Runs `body` with the store the read should use.
    public func read<T: Sendable>(_ body: @escaping @Sendable (Store) async throws -> T) async throws -> T {
        guard let (store, monitor) = replica, monitor.source == .replica else { return try await body(primary) }
        do {
            return try await monitor.attempt { try await body(store) }
        } catch  where ReadReplica.isWorthRetrying(error) && !Task.isCancelled {
            monitor.failed(error)
            return try await body(primary)
        }
    }
}

extension Database {
    /// The store `make` builds, on the primary and on the read replica when there is one.
    public func routed<Store: Sendable>(_ make: (Database) -> Store) -> Routed<Store> {
        Routed(
            primary: make(self),
            replica: replica.map { (make(Database(client: $0.client, logger: logger)), $0) })
    }
}

/// The stores the public side (website and public API) reads through: on the read replica while it is in use.
/// Made once per server, so that the stores' caches are shared.
public struct PublicReads: Sendable {
    public let listings: Routed<ListingStore>
    public let search: Routed<ListingSearch>
    public let places: Routed<PlaceStore>

    public init(_ database: Database) {
        (listings, search, places) = (database.routed(\.listings), database.routed(\.search), database.routed(\.places))
    }
}
