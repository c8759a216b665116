import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// The rows of stored media files and which listing shows which, in order. Every change to a listing's media
/// runs in one transaction with the listing's row locked, bumps its version and writes an audit row, so two
/// uploads to one listing at once get consecutive places, and an edit made on a stale version is refused.
public struct MediaStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// Records a processed file (once: the same bytes uploaded again are the same row).
    public func record(_ file: StoredFile) async throws {
        let sizes = String(decoding: try JSONEncoder().encode(file.sizes), as: UTF8.self)
        try await client.run(
            """
            INSERT INTO media_files (sha256, format, bytes, width, height, sizes)
            VALUES (\(file.sha256), \(file.format.rawValue)::media_format, \(file.bytes), \(file.width), \(file.height),
                    \(sizes)::jsonb)
            ON CONFLICT (sha256) DO NOTHING
            """, logger: logger)
    }

    /// A stored file's row.
    public func file(_ sha256: String) async throws -> StoredFile? {
        let rows = try await client.run(
            "SELECT \(Self.fileColumns) FROM media_files f WHERE f.sha256 = \(sha256)", logger: logger)
        for try await row in rows { return try Self.decodeFile(row) }
        return nil
    }

    /// Adds stored files at the end of a listing's media; refused beyond `limit` items or on a stale version.
    @discardableResult
    public func attach(
        _ items: [MediaItem], toListing ref: String, expectedVersion: Int?, limit: Int, actor: String
    ) async throws -> Int {
        try await change(ref: ref, expectedVersion: expectedVersion, actor: actor, action: "listing.media.add") {
            current in
            guard current.count + items.count <= limit else {
                throw ValidationFailed("media", "a listing has at most \(limit) media items; remove some first")
            }
            return current + items
        }
    }

    /// Removes the item at `position` (0-based); the file stays stored until `media gc` finds it unused.
    @discardableResult
    public func remove(position: Int, fromListing ref: String, expectedVersion: Int?, actor: String) async throws -> Int
    {
        try await change(ref: ref, expectedVersion: expectedVersion, actor: actor, action: "listing.media.remove") {
            current in
            guard current.indices.contains(position) else {
                throw ValidationFailed(
                    "position", "the listing has no media item \(position) (it has \(current.count))")
            }
            var items = current
            items.remove(at: position)
            return items
        }
    }

    /// Moves the item at `from` to `to` (0-based; 0 is the cover photo).
    @discardableResult
    public func move(
        from: Int, to: Int, inListing ref: String, expectedVersion: Int?, actor: String
    ) async throws -> Int {
        try await change(ref: ref, expectedVersion: expectedVersion, actor: actor, action: "listing.media.move") {
            current in
            guard current.indices.contains(from), current.indices.contains(to) else {
                throw ValidationFailed("position", "positions go from 0 to \(current.count - 1)")
            }
            var items = current
            items.insert(items.remove(at: from), at: to)
            return items
        }
    }

    /// Gives the item at `position` (0-based) another kind (a photo that is a floor plan, a certificate's scan) or
    /// caption; a stored PDF stays a certificate, and a stored file cannot become a video.
    @discardableResult
    public func relabel(
        position: Int, kind: MediaKind, caption: String, inListing ref: String, expectedVersion: Int?, actor: String
    ) async throws -> Int {
        let caption = caption.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        guard caption.unicodeScalars.count <= 200 else {
            throw ValidationFailed("caption", "must be at most 200 characters")
        }
        var documents = Set<String>()
        let rows = try await client.run(
            """
            SELECT f.sha256 FROM listings l JOIN listing_media m ON m.listing_id = l.id
            JOIN media_files f ON f.sha256 = m.file_sha256 WHERE l.ref = \(ref.uppercased()) AND f.format = 'pdf'
            """, logger: logger)
        for try await hash in rows.decode(String.self) { documents.insert(hash) }
        return try await change(ref: ref, expectedVersion: expectedVersion, actor: actor, action: "listing.media.edit")
        {
            [documents] current in
            guard current.indices.contains(position) else {
                throw ValidationFailed(
                    "position", "the listing has no media item \(position) (it has \(current.count))")
            }
            var items = current
            let file = items[position].file
            if file != nil && kind == .video || file.map(documents.contains) == true && kind != .certificate {
                throw ValidationFailed("kind", "a stored PDF is a certificate and a stored file is never a video")
            }
            items[position].kind = kind
            items[position].caption = caption
            return items
        }
    }

    /// Stored files no listing shows, written more than `age` ago (a file just uploaded is not yet attached).
    public func unused(olderThan age: Duration) async throws -> [StoredFile] {
        let seconds = Double(age.components.seconds)
        let rows = try await client.run(
            """
            SELECT \(Self.fileColumns) FROM media_files f
            WHERE f.created_at < now() - make_interval(secs => \(seconds))
              AND NOT EXISTS (SELECT 1 FROM listing_media m WHERE m.file_sha256 = f.sha256)
            """, logger: logger)
        var files: [StoredFile] = []
        for try await row in rows { files.append(try Self.decodeFile(row)) }
        return files
    }

    /// Forgets a file's row unless a listing shows it again by now; true when it was forgotten.
    public func forget(_ sha256: String) async throws -> Bool {
        let rows = try await client.run(
            """
            DELETE FROM media_files f WHERE f.sha256 = \(sha256)
              AND NOT EXISTS (SELECT 1 FROM listing_media m WHERE m.file_sha256 = f.sha256)
            RETURNING f.sha256
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Every stored file's hash.
    public func knownHashes() async throws -> Set<String> {
        var hashes = Set<String>()
        for try await hash in try await client.run("SELECT sha256 FROM media_files", logger: logger).decode(String.self)
        {
            hashes.insert(hash)
        }
        return hashes
    }

    /// Reads the listing's media under a row lock, lets `edit` make the new list, writes it, bumps the version.
    private func change(
        ref: String, expectedVersion: Int?, actor: String, action: String,
        _ edit: @escaping @Sendable ([MediaItem]) throws -> [MediaItem]
    ) async throws -> Int {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                "SELECT id, version FROM listings WHERE ref = \(ref.uppercased()) FOR UPDATE", logger: logger)
            var found: (Int64, Int)?
            for try await (id, version) in rows.decode((Int64, Int).self) { found = (id, version) }
            guard let (id, version) = found else { throw NotFound("listing", ref) }
            if let expectedVersion, expectedVersion != version {
                throw VersionConflict(ref: ref.uppercased(), expected: expectedVersion, current: version)
            }
            let current = try await Self.items(of: id, on: tx, logger: logger)
            let next = try edit(current)
            try await ListingStore.replaceMedia(next, of: id, on: tx, logger: logger)
            try await tx.run(
                "UPDATE listings SET version = version + 1, updated_at = now() WHERE id = \(id)", logger: logger)
            try await AuditLog.record(
                action, target: "listing:\(ref.uppercased())", actor: actor,
                detail: ["items": "\(next.count)"], on: tx, logger: logger)
            return version + 1
        }
    }

    static func items(of id: Int64, on tx: PostgresConnection, logger: Logger) async throws -> [MediaItem] {
        let rows = try await tx.run(
            """
            SELECT kind::text, coalesce(url, ''), caption, file_sha256 FROM listing_media
            WHERE listing_id = \(id) ORDER BY position
            """, logger: logger)
        var items: [MediaItem] = []
        for try await (kind, url, caption, file) in rows.decode((String, String, String, String?).self) {
            items.append(MediaItem(kind: MediaKind(rawValue: kind) ?? .photo, url: url, caption: caption, file: file))
        }
        return items
    }

    static let fileColumns: SQL = "f.sha256, f.format::text, f.bytes, f.width, f.height, f.sizes::text"

    static func decodeFile(_ row: PostgresRow) throws -> StoredFile {
        let (sha, format, bytes, width, height, sizes) = try row.decode((String, String, Int, Int?, Int?, String).self)
        return StoredFile(
            sha256: sha, format: MediaFormat(rawValue: format) ?? .jpeg, bytes: bytes, width: width, height: height,
            sizes: (try? JSONDecoder().decode([MediaSize].self, from: Data(sizes.utf8))) ?? [])
    }
}
