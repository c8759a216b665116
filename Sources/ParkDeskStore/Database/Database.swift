public import Logging
public import PostgresNIO

/// The database as the program sees it: the connection pool and the logger its statements log to. Every
/// store is reached through it (`database.listings`, `database.leads` …). Each access makes a new store; what
/// stores keep between statements (districts, parks, keyword readings) lives in the `Database` value, shared by
/// every store made from it.
public struct Database: Sendable {
    package let client: PostgresClient
    public let logger: Logger
    /// The streaming replica public reads may use (`routed`), when one is configured.
    public let replica: ReadReplica?
    let caches = StoreCaches()

    public init(client: PostgresClient, logger: Logger, replica: ReadReplica? = nil) {
        (self.client, self.logger, self.replica) = (client, logger, replica)
    }

    public var listings: ListingStore { ListingStore(client: client, logger: logger, places: places) }
    public var search: ListingSearch { ListingSearch(client: client, logger: logger, places: places) }
    public var places: PlaceStore { PlaceStore(client: client, logger: logger, caches: caches) }
    public var leads: LeadStore { LeadStore(client: client, logger: logger, places: places) }
    public var leadExport: LeadExport { LeadExport(client: client, logger: logger) }
    public var tokens: TokenStore { TokenStore(client: client, logger: logger) }
    public var media: MediaStore { MediaStore(client: client, logger: logger) }
    public var reports: ReportStore { ReportStore(database: self) }
}
