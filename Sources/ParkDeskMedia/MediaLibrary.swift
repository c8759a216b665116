public import Foundation
public import ParkDeskCore
public import ParkDeskStore

/// A listing's stored photos, plans and certificates from upload to removal: processing (`MediaProcessor`), the
/// files (`MediaStorage`) and their rows (`MediaStore`). An upload stores its files, then records the row, then
/// attaches it to the listing; whatever a failure leaves behind, `garbageCollect` removes.
public struct MediaLibrary: Sendable {
    public let processor: MediaProcessor
    public let store: MediaStore

    public init(database: Database, storage: any MediaStorage, limits: MediaLimits) {
        processor = MediaProcessor(storage: storage, limits: limits)
        store = database.media
    }

    /// `PARKDESK_MEDIA_DIR`, else `media` beside the local cluster's folder (`./.parkdesk/media`).
    public static func directory(environment: [String: String]) -> URL {
        if let configured = environment["PARKDESK_MEDIA_DIR"], !configured.isEmpty {
            return URL(fileURLWithPath: configured)
        }
        let data = environment["PARKDESK_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? ".parkdesk/pgdata"
        return URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent("media")
    }

    /// Stores `data` and shows it last in the listing's media; returns the file and the listing's new version.
    /// The kind defaults to photo (certificate for a PDF); a PDF can only be a certificate.
    public func add(
        _ data: Data, kind: MediaKind?, caption: String, toListing ref: String, expectedVersion: Int?, actor: String
    ) async throws -> (file: StoredFile, version: Int) {
        guard caption.unicodeScalars.count <= 200 else {
            throw ValidationFailed("caption", "must be at most 200 characters")
        }
        let file = try await processor.process(data)
        let kind = kind ?? (file.format.isImage ? .photo : .certificate)
        if !file.format.isImage && kind != .certificate {
            throw ValidationFailed("kind", "a PDF can only be a certificate (证书扫描)")
        }
        if kind == .video { throw ValidationFailed("kind", "videos are linked by url, not uploaded") }
        // an upload past its deadline was already answered 503: nothing may be attached behind the sender's back
        try Task.checkCancellation()
        try await store.record(file)
        let item = MediaItem(
            kind: kind, url: "", caption: caption.trimmingCharacters(in: .whitespacesAndNewlines), file: file.sha256)
        let version = try await store.attach(
            [item], toListing: ref, expectedVersion: expectedVersion, limit: processor.limits.perListing,
            actor: actor)
        return (file, version)
    }

    /// A public web size by its file name (`<sha256>-1280.jpg`); originals and PDFs are not public.
    public func publicFile(named name: String) -> URL? {
        let parts = name.split(separator: "-")
        guard parts.count == 2, StoredFile.isWellFormed(String(parts[0])),
            StoredFile.sizeWidths.map({ "\($0).jpg" }).contains(String(parts[1]))
        else { return nil }
        return processor.storage.path(of: name)
    }

    /// A stored file's original, for staff.
    public func original(_ sha256: String) async throws -> (path: URL, file: StoredFile)? {
        guard StoredFile.isWellFormed(sha256), let file = try await store.file(sha256),
            let path = processor.storage.path(of: MediaProcessor.originalName(sha256, file.format))
        else { return nil }
        return (path, file)
    }

    /// Removes files no listing shows (rows and their files), and files without a row (left by an upload that
    /// failed half-way), once they are older than `grace` (so an upload in progress is left alone).
    public func garbageCollect(grace: Duration = .seconds(3600)) async throws -> (files: Int, bytes: Int) {
        var removed = 0
        var bytes = 0
        for file in try await store.unused(olderThan: grace) where try await store.forget(file.sha256) {
            for name in Self.names(of: file) { try processor.storage.delete(name) }
            removed += 1
            bytes += file.bytes
        }
        let known = try await store.knownHashes()
        let cutoff = Date().addingTimeInterval(-Double(grace.components.seconds))
        for (name, written) in try processor.storage.list()
        where written < cutoff && !known.contains(String(name.prefix(64))) {
            try processor.storage.delete(name)
            removed += 1
        }
        return (removed, bytes)
    }

    static func names(of file: StoredFile) -> [String] {
        [MediaProcessor.originalName(file.sha256, file.format)] + file.sizes.map { "\(file.sha256)-\($0.name).jpg" }
    }
}
