import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationCompat
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskSeed
import ParkDeskTestSupport
import PostgresNIO

/// One migrated test database with the demo data, and the app over it, driven in-process.
struct APIFixture {
    let config: PostgresClient.Configuration

    /// A fresh database; `demo` loads the demo parks and listings.
    static func make(_ prefix: String, demo: Bool = true) async throws -> APIFixture {
        APIFixture(config: try await TestDatabase.shared.fresh(prefix, demo: demo))
    }

    /// The app over this fixture's database. Tests run side by side on two cores, so a database that answers
    /// slowly now and then is not "away": the readiness probe waits longer here, and so does a request before its
    /// 503 unless the test sets its own limit (CI saw an upload and an export pass the 7 s default under load).
    func app(
        configuration: AppConfiguration = AppConfiguration(port: 0), views: ListingViewCounter? = nil
    ) throws -> some ApplicationProtocol {
        var configuration = configuration
        configuration.databaseProbeTimeoutMs = max(configuration.databaseProbeTimeoutMs, 15_000)
        configuration.requestTimeoutMs = configuration.requestTimeoutMs ?? 30_000
        let client = PostgresClient(configuration: config, backgroundLogger: TestDatabase.logger)
        return try buildApplication(
            configuration: configuration, pool: DatabasePool(client: client),
            migrator: Migrator(logger: TestDatabase.logger), views: views, logger: TestDatabase.logger)
    }

    /// Runs `body` against the app.
    func test(
        configuration: AppConfiguration = AppConfiguration(port: 0), views: ListingViewCounter? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await app(configuration: configuration, views: views).test(.router, body)
    }

    /// A fresh fixture, a token of `role`, and the app for `body`.
    static func test(
        _ prefix: String, demo: Bool = true, as role: StaffRole,
        _ body: @escaping @Sendable (any TestClientProtocol, String) async throws -> Void
    ) async throws {
        let f = try await make(prefix, demo: demo)
        let token = try await f.token(role)
        try await f.test { client in try await body(client, token) }
    }

    func database<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        try await withClient(config, body)
    }

    /// A fresh fixture with a factory "旧标题厂房" in 湘潭天易经开区, for `body` (the listing, the database's client
    /// and stores).
    static func withParkedListing(
        _ prefix: String, _ body: @Sendable (Listing, PostgresClient, Database) async throws -> Void
    ) async throws {
        let f = try await make(prefix)
        let listing = try await f.listing {
            $0.title = "旧标题厂房"; $0.park = "湘潭天易经开区"
        }
        try await f.database { client in
            try await body(listing, client, Database(client: client, logger: TestDatabase.logger))
        }
    }

    /// `body` with the stores of this fixture's database.
    func stores<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        try await database { client in try await body(Database(client: client, logger: TestDatabase.logger)) }
    }

    /// A new token's secret.
    func token(_ role: StaffRole, name: String = "t-\(UUID().uuidString.prefix(8))") async throws -> String {
        try await database { client in
            try await Database(client: client, logger: TestDatabase.logger).tokens.create(
                name: name, role: role, actor: "test"
            ).secret
        }
    }

    func count(_ sql: PostgresQuery) async throws -> Int {
        try await database { client in
            for try await n in try await client.query(sql).decode(Int.self) { return n }
            return -1
        }
    }

    /// A fresh database with the awkward listings and `count` synthetic ones from `seed`, for `body`.
    static func withAwkwardAndSynthetic(
        _ prefix: String, count: Int, seed: UInt64, _ body: @Sendable (Database) async throws -> Void
    ) async throws {
        let f = try await make(prefix)
        try await f.awkwardListings()
        try await f.database { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            _ = try await database.syntheticListings.load(count: count, seed: seed, actor: "test")
            try await body(database)
        }
    }

    /// Adds the listings JSON writers find hardest: quotes, backslashes, control and astral characters, extreme
    /// numbers, a crane, coordinates and a park; and land sold at a negotiable price.
    func awkwardListings() async throws {
        _ = try await listing {
            $0.title = #"带"引号"与\反斜杠的厂房 🏭 𠀀𪚥"#
            $0.description = "第一行\n第二行\t制表"
            $0.buildingArea = Decimal(string: "9999999.99")
            $0.priceAmount = Decimal(string: "0.01")
            $0.craneTons = 32.5
            $0.craneCount = 2
            $0.features = ["独门独院", "可环评", "👍"]
            $0.latitude = 27.86; $0.longitude = 112.9
            $0.park = "湘潭天易经开区"
        }
        _ = try await listing {
            $0.kind = .collectiveLand; $0.title = "集体建设用地50亩转让"; $0.buildingArea = nil
            $0.landArea = Decimal(string: "33333.5")
            $0.deal = .transfer; $0.priceUnit = .negotiable; $0.priceAmount = nil
        }
    }

    /// Adds a listing through the store (as staff would) and returns it.
    func listing(_ edit: (inout ListingDraft) -> Void, status: ListingStatus = .active) async throws -> Listing {
        var draft = ListingDraft()
        draft.kind = .factory; draft.deal = .rent; draft.title = "测试厂房出租"; draft.district = "湘潭县"
        draft.buildingArea = 1000; draft.priceAmount = 10; draft.priceUnit = .yuanPerM2Month
        edit(&draft)
        let finished = draft
        return try await database { client in
            try await Database(client: client, logger: TestDatabase.logger).listings.create(
                finished, status: status, actor: "test")
        }
    }
}

extension TestClientProtocol {
    /// POST /api/v1/leads with the usual inquiry, `overrides` replacing its fields (JSON values).
    @discardableResult
    func inquire(
        mobile: String = "13812345678", _ overrides: [String: String] = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any]) {
        try await call(
            "/api/v1/leads", method: .post, json: LeadCaptureAPITests.inquiry(mobile: mobile, overrides))
    }

    /// GET (or another method) and the answer: status, headers and the parsed JSON object.
    @discardableResult
    func call(
        _ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], json: String? = nil
    )
        async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any])
    {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
        { response in
            let body =
                response.body.readableBytes == 0
                ? [:]
                : (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
            return (response.status, response.headers, body)
        }
    }
}

/// Field names of a problem's `errors`.
func fields(_ body: [String: Any]) -> [String] {
    (body["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
}

func items(_ body: [String: Any]) -> [[String: Any]] {
    body["items"] as? [[String: Any]] ?? []
}

func bearer(_ token: String) -> HTTPFields {
    [.authorization: "Bearer \(token)"]
}

/// Percent-encodes a query value (Chinese keywords, commas).
func q(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
}
