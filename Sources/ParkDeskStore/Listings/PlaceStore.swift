import Logging
public import ParkDeskCore
import PostgresNIO

/// Districts (reference data from the migrations) and industrial parks.
public struct PlaceStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    let caches: StoreCaches

    /// Every district (reference data from the migrations: read once).
    public func districts() async throws -> [District] {
        try await caches.districts.value { try await readDistricts() }
    }

    func readDistricts() async throws -> [District] {
        let rows = try await client.read(
            """
            SELECT d.id::int, d.key, d.name, d.city_code, c.name, d.aliases
            FROM districts d JOIN cities c ON c.code = d.city_code
            ORDER BY d.id
            """, logger: logger)
        var result: [District] = []
        for try await (id, key, name, cityCode, cityName, aliases) in rows.decode(
            (Int, String, String, String, String, [String]).self)
        {
            result.append(
                District(id: id, key: key, name: name, cityCode: cityCode, cityName: cityName, aliases: aliases))
        }
        return result
    }

    /// A parser that knows every district and park name and alias; built at most once a minute, and again
    /// after this store changes a park.
    public func textParser() async throws -> TextParser {
        try await caches.textParser.value { TextParser(places: try await names()) }
    }

    /// Every district and park name and alias, for reading listing titles and needs (`TextParser`).
    public func names() async throws -> PlaceNames {
        let rows = try await client.read(
            "SELECT p.name, p.aliases, d.key, p.id::int FROM parks p JOIN districts d ON d.id = p.district_id",
            logger: logger)
        var parks: [PlaceNames.ParkName] = []
        for try await (name, aliases, key, id) in rows.decode((String, [String], String, Int).self) {
            parks.append(PlaceNames.ParkName(name: name, aliases: aliases, districtKey: key, id: id))
        }
        return PlaceNames(districts: try await districts(), parks: parks)
    }

    /// The district that `text` names, or a field error listing the known ones.
    public func district(named text: String, field: String = "district") async throws -> District {
        try Self.district(named: text, in: try await districts(), field: field)
    }

    /// The ids of the districts named (by key, Chinese name or alias); a field error for an unknown one.
    func districtIDs(named names: [String], field: String = "district") async throws -> [Int] {
        guard !names.isEmpty else { return [] }
        let all = try await districts()
        return try names.map { try Self.district(named: $0, in: all, field: field).id }
    }

    /// Park names or ids → ids, every unknown one a field error.
    static func parkIDs(
        named parks: [String], field: String, client: PostgresClient, logger: Logger
    ) async throws -> [Int] {
        guard !parks.isEmpty else { return [] }
        let rows = try await client.run(
            """
            SELECT wanted, p.id FROM unnest(\(parks)::text[]) WITH ORDINALITY AS w(wanted, ord)
            LEFT JOIN parks p ON p.name = w.wanted OR p.id::text = w.wanted ORDER BY ord
            """, logger: logger)
        var ids: [Int] = []
        var errors: [FieldError] = []
        for try await (wanted, id) in rows.decode((String, Int?).self) {
            if let id { ids.append(id) } else { errors.append(FieldError(field, "unknown park '\(wanted)'")) }
        }
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return ids
    }

    /// The one place a district name (key, Chinese name or alias) is looked up.
    static func district(named text: String, in all: [District], field: String) throws -> District {
        guard let match = all.first(where: { $0.matches(text) }) else {
            throw ValidationFailed(
                field, "unknown district '\(text)'; known: \(all.map(\.name).joined(separator: ", "))")
        }
        return match
    }

    public func addPark(_ draft: ParkDraft, actor: String) async throws -> Park {
        let park = try draft.validated()
        let district = try await district(named: park.district ?? "")
        let id = try await parkWrite(name: park.name) { tx in
            let rows = try await tx.run(
                """
                INSERT INTO parks (name, district_id, address, latitude, longitude, description, aliases)
                VALUES (\(park.name ?? ""), \(district.id), \(park.address ?? ""), \(park.latitude),
                    \(park.longitude), \(park.description ?? ""), \(park.aliases ?? []))
                RETURNING id
                """, logger: logger)
            var id = 0
            for try await value in rows.decode(Int.self) { id = value }
            try await AuditLog.record(
                "park.create", target: "park:\(id)", actor: actor,
                detail: ["name": park.name ?? ""], on: tx, logger: logger)
            return id
        }
        return try await self.park(String(id))
    }

    /// Changes the fields set in `patch`; the others stay.
    public func updatePark(id: Int, _ patch: ParkDraft, actor: String) async throws -> Park {
        let current = try await park(String(id))
        let merged = ParkDraft(
            name: patch.name ?? current.name, district: patch.district ?? current.district,
            address: patch.address ?? current.address, latitude: patch.latitude ?? current.latitude,
            longitude: patch.longitude ?? current.longitude, description: patch.description ?? current.description,
            aliases: patch.aliases ?? current.aliases)
        let park = try merged.validated()
        let district = try await district(named: park.district ?? "")
        _ = try await parkWrite(name: park.name) { tx in
            try await tx.run(
                """
                UPDATE parks SET name = \(park.name ?? ""), district_id = \(district.id), address = \(park.address ??
                    ""),
                       latitude = \(park.latitude), longitude = \(park.longitude), description = \(park.description
                           ?? ""),
                       aliases = \(park.aliases ?? []), updated_at = now()
                WHERE id = \(id)
                """, logger: logger)
            try await AuditLog.record(
                "park.update", target: "park:\(id)", actor: actor,
                detail: ["name": park.name ?? ""], on: tx, logger: logger)
            return id
        }
        return try await self.park(String(id))
    }

    /// Deletes a park that no listing refers to.
    public func deletePark(id: Int, actor: String) async throws {
        let current = try await park(String(id))
        _ = try await parkWrite(name: current.name) { tx in
            try await tx.run("DELETE FROM parks WHERE id = \(id)", logger: logger)
            try await AuditLog.record(
                "park.delete", target: "park:\(id)", actor: actor,
                detail: ["name": current.name], on: tx, logger: logger)
            return id
        }
    }

    /// Runs a park write in one transaction and turns a taken name or remaining listings into clear errors.
    private func parkWrite(name: String?, _ body: (PostgresConnection) async throws -> Int) async throws -> Int {
        defer {
            caches.textParser.forgetAll()
            caches.parkChoices.forgetAll()
        }
        do {
            return try await client.withTransaction(logger: logger) { try await body($0) }
        } catch let error as PostgresTransactionError {
            let cause = error.closureError ?? error.commitError ?? error
            if let psql = cause as? PSQLError, let state = psql.serverInfo?[.sqlState] {
                if state == "23505" { throw ValidationFailed("name", "a park named '\(name ?? "")' exists already") }
                if state == "23503" { throw ParkInUse(name: name ?? "") }
            }
            throw cause
        }
    }

    public func parks() async throws -> [Park] {
        let rows = try await client.read(
            """
            SELECT \(Self.parkColumns) FROM parks p JOIN districts d ON d.id = p.district_id
            ORDER BY p.name
            """, logger: logger)
        return try await Self.decodeParks(rows)
    }

    /// Every park as public pages list them, read at most once per 30 s (`StoreCaches.publicParkList`).
    public func publicParkList() async throws -> [Park] {
        try await caches.publicParkList.value { try await parks() }
    }

    /// The parks to choose from in staff forms (`parks()`, kept for a minute, forgotten when a park changes).
    public func parkChoices() async throws -> [Park] {
        try await caches.parkChoices.value { try await parks() }
    }

    /// The park with this id or name.
    public func park(_ idOrName: String) async throws -> Park {
        let id = Int(idOrName) ?? -1
        let rows = try await client.read(
            """
            SELECT \(Self.parkColumns) FROM parks p JOIN districts d ON d.id = p.district_id
            WHERE p.id = \(id) OR p.name = \(idOrName)
            """, logger: logger)
        guard let park = try await Self.decodeParks(rows).first else { throw NotFound("park", idOrName) }
        return park
    }

    /// The park for a public page: read at most once per 30 s (its listing count may be that old).
    public func publicPark(id: Int) async throws -> Park {
        try await caches.publicParks.value(for: id) { try await park(String(id)) }
    }

    static let parkColumns: SQL = """
        p.id, p.name, d.name, d.key, p.address, p.latitude, p.longitude, p.description,
        (SELECT coalesce(sum(c.listings), 0)::int FROM listing_counts c WHERE c.park_id = p.id),
        p.aliases
        """

    static func decodeParks(_ rows: PostgresRowSequence) async throws -> [Park] {
        var parks: [Park] = []
        for try await (id, name, district, key, address, lat, lng, description, count, aliases)
            in rows.decode((Int, String, String, String, String, Double?, Double?, String, Int, [String]).self)
        {
            parks.append(
                Park(
                    id: id, name: name, district: district, districtKey: key, address: address, latitude: lat,
                    longitude: lng, description: description, activeListings: count, aliases: aliases))
        }
        return parks
    }
}

/// A park still named by listings cannot be deleted; move or retire them first.
public struct ParkInUse: Error, Sendable, CustomStringConvertible {
    public let name: String
    public var description: String { "park '\(name)' still has listings; move them to another park first" }
}
