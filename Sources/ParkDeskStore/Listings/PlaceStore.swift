public import Logging
public import ParkDeskCore
public import PostgresNIO

/// Districts (reference data from the migrations) and industrial parks.
public struct PlaceStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    public func districts() async throws -> [District] {
        let rows = try await client.query("""
            SELECT d.id::int, d.key, d.name, d.city_code, c.name, d.aliases
            FROM districts d JOIN cities c ON c.code = d.city_code
            ORDER BY d.id
            """, logger: logger)
        var result: [District] = []
        for try await (id, key, name, cityCode, cityName, aliases) in rows.decode((Int, String, String, String, String, [String]).self) {
            result.append(District(id: id, key: key, name: name, cityCode: cityCode, cityName: cityName, aliases: aliases))
        }
        return result
    }

    /// The district that `text` names, or a field error listing the known ones.
    public func district(named text: String, field: String = "district") async throws -> District {
        let all = try await districts()
        guard let match = all.first(where: { $0.matches(text) }) else {
            throw ValidationFailed(field, "unknown district '\(text)'; known: \(all.map(\.name).joined(separator: ", "))")
        }
        return match
    }

    public func addPark(_ draft: ParkDraft) async throws -> Park {
        let park = try draft.validated()
        let district = try await district(named: park.district ?? "")
        do {
            let rows = try await client.query("""
                INSERT INTO parks (name, district_id, address, latitude, longitude, description)
                VALUES (\(park.name ?? ""), \(district.id), \(park.address ?? ""), \(park.latitude), \(park.longitude), \(park.description ?? ""))
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(Int.self) { return try await self.park(String(id)) }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw ValidationFailed("name", "a park named '\(park.name ?? "")' exists already")
        }
        throw NotFound("park", park.name ?? "")
    }

    public func parks() async throws -> [Park] {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.parkColumns) FROM parks p JOIN districts d ON d.id = p.district_id
            ORDER BY p.name
            """, logger: logger)
        return try await Self.decodeParks(rows)
    }

    /// The park with this id or name.
    public func park(_ idOrName: String) async throws -> Park {
        let id = Int(idOrName) ?? -1
        let rows = try await client.query("""
            SELECT \(unescaped: Self.parkColumns) FROM parks p JOIN districts d ON d.id = p.district_id
            WHERE p.id = \(id) OR p.name = \(idOrName)
            """, logger: logger)
        guard let park = try await Self.decodeParks(rows).first else { throw NotFound("park", idOrName) }
        return park
    }

    static let parkColumns = """
        p.id, p.name, d.name, p.address, p.latitude, p.longitude, p.description,
        (SELECT count(*)::int FROM listings l WHERE l.park_id = p.id AND l.status IN ('active', 'pending'))
        """

    static func decodeParks(_ rows: PostgresRowSequence) async throws -> [Park] {
        var parks: [Park] = []
        for try await (id, name, district, address, lat, lng, description, count)
            in rows.decode((Int, String, String, String, Double?, Double?, String, Int).self) {
            parks.append(Park(id: id, name: name, district: district, address: address, latitude: lat,
                              longitude: lng, description: description, activeListings: count))
        }
        return parks
    }
}
