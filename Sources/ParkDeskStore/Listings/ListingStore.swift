public import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// Listings in PostgreSQL: every write validates through Core first and runs in one transaction, so a
/// listing, its media and its status history are written together or not at all.
public struct ListingStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    let places: PlaceStore

    /// Adds a listing (status `draft` unless given) and returns it as stored.
    public func create(_ draft: ListingDraft, status: ListingStatus = .draft, actor: String) async throws -> Listing {
        let listing = try draft.validated()
        let refs = try await resolve(listing)
        let id = try await transaction { tx in
            let rows = try await tx.run(
                """
                INSERT INTO listings (\(Self.writeColumns), status)
                VALUES (\(ListingColumns(listing, refs).values), \(status.rawValue)::listing_status) RETURNING id, ref
                """, logger: logger)
            var id: Int64 = 0
            var ref = ""
            for try await (newID, newRef) in rows.decode((Int64, String).self) { (id, ref) = (newID, newRef) }
            try await Self.replaceMedia(listing.media, of: id, on: tx, logger: logger)
            try await tx.run(
                """
                INSERT INTO listing_status_history (listing_id, from_status, to_status, changed_by, note)
                VALUES (\(id), NULL, \(status.rawValue)::listing_status, \(actor), 'created')
                """, logger: logger)
            try await AuditLog.record(
                "listing.create", target: ref,
                actor: actor, detail: ["status": status.rawValue], on: tx, logger: logger)
            return id
        }
        return try await find(id: id)
    }

    /// Changes only the fields set in `patch`, or, `replacing`, every field but the media (a form that shows them
    /// all: what it leaves empty is cleared). With `expectedVersion`, refuses when the listing moved on.
    public func update(
        ref: String, patch: ListingDraft, expectedVersion: Int?, actor: String, replacing: Bool = false
    ) async throws -> Listing {
        let current = try await find(ref: ref)
        var base = current.fields.draft
        if replacing {
            let media = base.media
            base = patch
            base.media = media
        } else if patch.kind != nil && patch.kind?.isBuilding != current.fields.kind.isBuilding {
            base = base.keepingCommonFields()  // a building becomes land or back: its specific fields go
        }
        // Bad input is reported as such even when the version is stale too.
        let listing = try (replacing ? base : base.merging(patch)).validated()
        let refs = try await resolve(listing)
        if let expectedVersion, expectedVersion != current.version {
            throw VersionConflict(ref: ref, expected: expectedVersion, current: current.version)
        }
        try await transaction { tx in
            let rows = try await tx.run(
                """
                UPDATE listings SET (\(Self.writeColumns)) = (\(ListingColumns(listing, refs).values)),
                       version = version + 1, updated_at = now()
                WHERE id = \(current.id) AND version = \(current.version) RETURNING version
                """, logger: logger)
            var updated = false
            for try await _ in rows.decode(Int.self) { updated = true }
            guard updated else {
                throw VersionConflict(
                    ref: ref, expected: expectedVersion ?? current.version, current: current.version + 1)
            }
            if patch.media != nil { try await Self.replaceMedia(listing.media, of: current.id, on: tx, logger: logger) }
            try await AuditLog.record(
                "listing.update", target: current.ref, actor: actor,
                detail: [
                    "fields": patch.setFields.map(\.rawValue).joined(separator: ","),
                    "version": String(current.version + 1),
                ],
                on: tx, logger: logger)
        }
        return try await find(id: current.id)
    }

    /// Moves a listing to another status if that change is legal, and records it in the history.
    public func changeStatus(ref: String, to target: ListingStatus, note: String, actor: String) async throws -> Listing
    {
        let current = try await find(ref: ref)
        try current.status.validateChange(to: target, deal: current.fields.deal)
        let cleanNote = note.precomposedStringWithCanonicalMapping
        guard cleanNote.count <= 1000 else { throw ValidationFailed("note", "must be at most 1000 characters") }
        try await transaction { tx in
            let rows = try await tx.run(
                """
                UPDATE listings SET status = \(target.rawValue)::listing_status, status_changed_at = now(),
                       updated_at = now(), version = version + 1
                WHERE id = \(current.id) AND status = \(current.status.rawValue)::listing_status
                RETURNING id
                """, logger: logger)
            var updated = false
            for try await _ in rows.decode(Int64.self) { updated = true }
            guard updated else {
                throw VersionConflict(ref: ref, expected: current.version, current: current.version + 1)
            }
            try await tx.run(
                """
                INSERT INTO listing_status_history (listing_id, from_status, to_status, changed_by, note)
                VALUES (\(current.id), \(current.status.rawValue)::listing_status, \(target.rawValue)::listing_status,
                        \(actor), \(cleanNote))
                """, logger: logger)
            try await AuditLog.record(
                "listing.status", target: current.ref, actor: actor,
                detail: ["from": current.status.rawValue, "to": target.rawValue, "note": cleanNote],
                on: tx, logger: logger)
        }
        return try await find(id: current.id)
    }

    /// Expires active and pending listings not updated for `days` days; returns their refs.
    public func expire(notUpdatedForDays days: Int, actor: String) async throws -> [String] {
        guard days >= 1 else { throw ValidationFailed("days", "must be at least 1") }
        return try await transaction { tx in
            try await Self.expire(notUpdatedForDays: days, actor: actor, on: tx, logger: logger)
        }
    }

    /// The expiry inside a transaction of the caller's (the manual command's or maintenance's).
    /// `limit` expires at most that many, the longest untouched first (maintenance works in batches); nil, all.
    static func expire(
        notUpdatedForDays days: Int, actor: String, limit: Int? = nil, on tx: PostgresConnection, logger: Logger
    )
        async throws -> [String]
    {
        let rows = try await tx.run(
            """
            WITH due AS (
                SELECT id, status FROM listings
                WHERE status IN ('active', 'pending') AND updated_at < now() - make_interval(days => \(days)::int)
                ORDER BY updated_at LIMIT \(limit) FOR UPDATE
            ), stale AS (
                UPDATE listings SET status = 'expired', status_changed_at = now(), version = version + 1
                FROM due WHERE listings.id = due.id
                RETURNING listings.id, listings.ref, due.status AS old_status
            ), history AS (
                INSERT INTO listing_status_history (listing_id, from_status, to_status, changed_by, note)
                SELECT id, old_status, 'expired', \(actor), \("not updated for \(days) days") FROM stale
            ), audit AS (
                INSERT INTO audit_log (actor, action, target, request_id, detail)
                SELECT \(actor), 'listing.expire', ref, \(AuditLog.requestID),
                       jsonb_build_object('from', old_status::text, 'days', \(String(days)))
                FROM stale
            )
            SELECT ref FROM stale ORDER BY ref
            """, logger: logger)
        var refs: [String] = []
        for try await ref in rows.decode(String.self) { refs.append(ref) }
        return refs
    }

    /// Status changes of a listing, oldest first.
    public func history(ref: String) async throws -> [StatusChange] {
        let listing = try await find(ref: ref)
        let rows = try await client.read(
            """
            SELECT from_status::text, to_status::text, changed_by, note, changed_at
            FROM listing_status_history WHERE listing_id = \(listing.id) ORDER BY changed_at, id
            """, logger: logger)
        var changes: [StatusChange] = []
        for try await (from, to, by, note, at) in rows.decode((String?, String, String, String, Date).self) {
            changes.append(
                StatusChange(
                    from: from.flatMap(ListingStatus.init(rawValue:)),
                    to: ListingStatus(rawValue: to) ?? .draft, by: by, note: note, at: at))
        }
        return changes
    }

    public func find(ref: String) async throws -> Listing {
        let rows = try await client.read(ListingByRefStatement(ref: ref.uppercased()), logger: logger)
        for try await listing in rows { return listing }
        throw NotFound("listing", ref)
    }

    /// The change token (`ListingRow.changeToken`) and park of the listing `ref` when the public may see it.
    public func publicChangeToken(ref: String) async throws -> (token: String, parkID: Int?)? {
        let rows = try await client.read(PublicChangeTokenStatement(ref: ref.uppercased()), logger: logger)
        for try await (token, park) in rows { return (token, park) }
        return nil
    }

    /// The listing `ref` with its change token, read in one statement.
    public func findWithChangeToken(ref: String) async throws -> (listing: Listing, token: String) {
        let rows = try await client.read(
            """
            SELECT \(ListingRow.columns), \(ListingRow.changeToken) AS token FROM \(ListingRow.from)
            WHERE l.ref = \(ref.uppercased())
            """, logger: logger)
        for try await row in rows {
            return (try ListingRow.decode(row), try RowReader(row, table: "listings").value("token"))
        }
        throw NotFound("listing", ref)
    }

    func find(id: Int64) async throws -> Listing {
        let rows = try await client.read(
            "SELECT \(ListingRow.columns) FROM \(ListingRow.from) WHERE l.id = \(id)",
            logger: logger)
        for try await row in rows { return try ListingRow.decode(row) }
        throw NotFound("listing", String(id))
    }

    /// The refs of the listings the public sees (active and pending), newest first.
    public func publicRefs(limit: Int) async throws -> [String] {
        let rows = try await client.read(
            """
            SELECT ref FROM listings WHERE status IN ('active', 'pending')
            ORDER BY created_at DESC, id DESC LIMIT \(limit)
            """, logger: logger)
        var refs: [String] = []
        for try await ref in rows.decode(String.self) { refs.append(ref) }
        return refs
    }

    /// Listings matching the filter, newest first.
    public func list(_ filter: ListingFilter) async throws -> [Listing] {
        let districtID: Int? = if let name = filter.district { try await places.district(named: name).id } else { nil }
        let parkID: Int? = if let park = filter.park { try await places.park(park).id } else { nil }
        let kinds = filter.kinds.map(\.rawValue)
        let statuses = filter.statuses.map(\.rawValue)
        let rows = try await client.read(
            """
            SELECT \(ListingRow.columns) FROM \(ListingRow.from)
            WHERE (cardinality(\(kinds)::text[]) = 0 OR l.kind::text = ANY(\(kinds)::text[]))
              AND (cardinality(\(statuses)::text[]) = 0 OR l.status::text = ANY(\(statuses)::text[]))
              AND (\(filter.deal?.rawValue)::text IS NULL OR l.deal::text = \(filter.deal?.rawValue))
              AND (\(districtID)::int IS NULL OR l.district_id = \(districtID))
              AND (\(parkID)::int IS NULL OR l.park_id = \(parkID))
              AND (\(filter.minArea)::numeric IS NULL OR coalesce(l.building_area_m2, l.land_area_m2) >=
                  \(filter.minArea))
              AND (\(filter.maxArea)::numeric IS NULL OR coalesce(l.building_area_m2, l.land_area_m2) <=
                  \(filter.maxArea))
            ORDER BY l.created_at DESC, l.id DESC
            LIMIT \(max(1, min(filter.limit, 10_000)))
            """, logger: logger)
        var listings: [Listing] = []
        for try await row in rows { listings.append(try ListingRow.decode(row)) }
        return listings
    }

    // MARK: - Writing helpers

    /// The district and park ids a listing refers to (field errors when unknown).
    package struct References {
        package let districtID: Int
        package let parkID: Int?

        package init(districtID: Int, parkID: Int?) {
            (self.districtID, self.parkID) = (districtID, parkID)
        }
    }

    func resolve(_ listing: ValidListing) async throws -> References {
        var errors: [FieldError] = []
        var districtID = 0
        do { districtID = try await places.district(named: listing.district).id } catch let e as ValidationFailed {
            errors += e.errors
        }
        var parkID: Int?
        if let park = listing.park {
            do { parkID = try await places.park(park).id } catch is NotFound {
                errors.append(FieldError("park", "unknown park '\(park)'; add it with `parkdesk park add` first"))
            }
        }
        if !errors.isEmpty { throw ValidationFailed(errors) }
        return References(districtID: districtID, parkID: parkID)
    }

    /// The columns every listing write sets.
    static let writeColumns = SQL.list(ListingColumns.names)

    /// Writes a listing's media list: links by url, stored files by hash (which must be stored: an unknown one
    /// is a field error, never a foreign-key failure).
    static func replaceMedia(_ media: [MediaItem], of id: Int64, on tx: PostgresConnection, logger: Logger) async throws
    {
        let files = media.compactMap(\.file)
        if !files.isEmpty {
            var known = Set<String>()
            let rows = try await tx.run("SELECT sha256 FROM media_files WHERE sha256 = ANY(\(files))", logger: logger)
            for try await hash in rows.decode(String.self) { known.insert(hash) }
            let unknown = media.enumerated().filter { $0.element.file.map { !known.contains($0) } ?? false }
            if !unknown.isEmpty {
                throw ValidationFailed(
                    unknown.map { FieldError("media[\($0.offset)].file", "no stored file has this SHA-256") })
            }
        }
        try await tx.run("DELETE FROM listing_media WHERE listing_id = \(id)", logger: logger)
        guard !media.isEmpty else { return }
        try await tx.run(
            """
            INSERT INTO listing_media (listing_id, position, kind, url, caption, file_sha256)
            SELECT \(id), ord - 1, kind::media_kind, nullif(url, ''), caption, nullif(file, '')
            FROM unnest(\(media.map(\.kind.rawValue))::text[], \(media.map { $0.file == nil ? $0.url : "" })::text[],
                \(media.map(\.caption))::text[], \(media.map { $0.file ?? "" })::text[])
                 WITH ORDINALITY AS m(kind, url, caption, file, ord)
            """, logger: logger)
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        try await client.writeTransaction(logger: logger, body)
    }
}

/// One entry of a listing's status history.
public struct StatusChange: Sendable, Equatable {
    public var from: ListingStatus?
    public var to: ListingStatus
    public var by: String
    public var note: String
    public var at: Date
}

/// A statement about one listing found by its ref, prepared once per connection: PostgreSQL spends several times as
/// long planning a join on `listings` (17 indexes, 9 partial) as running it (the token lookup: 0.30 against 0.05 ms),
/// and a plan for `ref = $1` is the same for every ref. The text is prepared from `statement(ref:)`, whose binds are
/// sent, so the two cannot disagree.
protocol ListingByRefQuery: PostgresPreparedStatement {
    var ref: String { get }
    static func statement(ref: String) -> SQL
}

extension ListingByRefQuery {
    func makeBindings() throws -> PostgresBindings { try Self.statement(ref: ref).query().binds }
}

/// `publicChangeToken(ref:)`'s statement, the one statement of a public detail.
struct PublicChangeTokenStatement: ListingByRefQuery {
    typealias Row = (String, Int?)
    static let name = "parkdesk_public_change_token"
    static let sql = statement(ref: "").text
    let ref: String

    static func statement(ref: String) -> SQL {
        """
        SELECT \(ListingRow.changeToken), l.park_id FROM \(ListingRow.from)
        WHERE l.ref = \(ref) AND l.status IN ('active', 'pending')
        """
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// `find(ref:)`'s statement: the website's listing page, staff's edits and views.
struct ListingByRefStatement: ListingByRefQuery {
    typealias Row = Listing
    static let name = "parkdesk_listing_by_ref"
    static let sql = statement(ref: "").text
    let ref: String

    static func statement(ref: String) -> SQL {
        "SELECT \(ListingRow.columns) FROM \(ListingRow.from) WHERE l.ref = \(ref)"
    }

    func decodeRow(_ row: PostgresRow) throws -> Listing { try ListingRow.decode(row) }
}
