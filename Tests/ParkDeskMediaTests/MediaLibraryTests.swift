import Foundation
import ParkDeskCore
import ParkDeskMedia
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// A photo from upload to the web: its sizes, its files, its row, the listing's cover in search results (the one
/// web path rule, `MediaSize`), and what garbage collection removes.
@Suite struct MediaLibraryTests {
    static func withLibrary(
        _ prefix: String, _ body: @Sendable (MediaLibrary, Database, URL) async throws -> Void
    ) async throws {
        let config = try await TestDatabase.shared.fresh(prefix)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try await withClient(config) { client in
            let database = Database(client: client, logger: TestDatabase.logger)
            let library = MediaLibrary(
                database: database, storage: LocalMediaStorage(root: root), limits: MediaLimits())
            try await body(library, database, root)
        }
    }

    static func listing(_ database: Database) async throws -> Listing {
        var draft = ListingDraft()
        draft.kind = .factory; draft.deal = .rent; draft.title = "带照片的厂房出租"; draft.district = "湘潭县"
        draft.buildingArea = 1000; draft.priceAmount = 10; draft.priceUnit = .yuanPerM2Month
        return try await database.listings.create(draft, status: .active, actor: "test")
    }

    @Test func aPhotoIsTheCoverSearchResultsLinkAndThatFileIsServed() async throws {
        try await Self.withLibrary("media-cover") { library, database, _ in
            let listing = try await Self.listing(database)
            let (file, version) = try await library.add(
                try MediaFixtures.picture("png", width: 2000, height: 1000), kind: nil, caption: " 外景 ",
                toListing: listing.ref, expectedVersion: listing.version, actor: "test")
            #expect(version == listing.version + 1 && file.format == .png)
            #expect(file.sizes.map(\.name) == StoredFile.sizeWidths.map(String.init))
            #expect(file.sizes.map(\.width) == [480, 1280])
            var query = ListingQuery()
            query.limit = 5
            let cover = try #require(
                try await database.search.search(query, publicOnly: true).items.first?.coverPhotoURL)
            #expect(cover == MediaSize.path(sha256: file.sha256, name: "480"))
            let name = try #require(cover.split(separator: "/").last.map(String.init))
            let served = try #require(library.publicFile(named: name))
            #expect(FileManager.default.fileExists(atPath: served.path))
            // the original is for staff only, and a name of another shape is nobody's
            #expect(library.publicFile(named: "\(file.sha256)-original.png") == nil)
            #expect(library.publicFile(named: "../\(name)") == nil)
            let stored = try await database.listings.find(ref: listing.ref)
            #expect(stored.fields.media.first?.caption == "外景")
        }
    }

    @Test func aLinkedPhotoIsItsOwnCover() {
        #expect(MediaSize.cover("https://img.example/厂房.jpg") == "https://img.example/厂房.jpg")
        let sha = String(repeating: "ab", count: 32)
        #expect(MediaSize.cover(sha) == "/media/\(sha)-480.jpg")
    }

    @Test func refusedFilesLeaveNothingBehind() async throws {
        try await Self.withLibrary("media-refused") { library, database, root in
            let listing = try await Self.listing(database)
            for (data, reason) in [
                (Data("<html>not a photo</html>".utf8), "JPEG"), (MediaFixtures.bombPNG, "megapixels"),
            ] {
                do {
                    _ = try await library.add(
                        data, kind: nil, caption: "", toListing: listing.ref, expectedVersion: nil, actor: "test")
                    Issue.record("\(reason) was accepted")
                } catch let refused as MediaRejected {
                    #expect(refused.description.contains(reason), "\(refused)")
                }
            }
            await #expect(throws: ValidationFailed.self) {
                _ = try await library.add(
                    MediaFixtures.pdf, kind: .photo, caption: "", toListing: listing.ref, expectedVersion: nil,
                    actor: "test")
            }
            #expect(try await database.listings.find(ref: listing.ref).fields.media.isEmpty)
            // the PDF's files were written before the kind was refused; garbage collection takes them (no grace)
            _ = try await library.garbageCollect(grace: .zero)
            let left = try LocalMediaStorage(root: root).list().map(\.name)
            #expect(left.isEmpty, "\(left)")
        }
    }
}
