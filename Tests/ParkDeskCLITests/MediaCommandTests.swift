import Foundation
import ParkDeskCore
import ParkDeskMedia
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// `parkdesk listing media …` and `media gc`: uploads made safe, stored once, ordered, collected.
@Suite struct MediaCommandTests {
    func listing(_ cli: CLIHarness, _ title: String = "九华厂房3000平出租") async throws -> String {
        let added = try await cli.run(
            "listing", "add", "--kind", "厂房", "--deal", "出租", "--title", title, "--district", "九华",
            "--building-area", "3000", "--price", "面议")
        return String(added.split(separator: " ")[1])
    }

    func write(_ data: Data, _ name: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString)-\(name)")
        try data.write(to: path)
        return path.path
    }

    func storedFiles(_ cli: CLIHarness) -> [String] {
        (FileManager.default.enumerator(atPath: cli.mediaDirectory.path)?.allObjects as? [String] ?? [])
            .filter { $0.contains("-") }.map { String($0.split(separator: "/").last!) }
    }

    @Test func everyAcceptedTypeRoundTripsAndIsDecidedByItsBytes() async throws {
        let cli = try await CLIHarness.make("media-types")
        let ref = try await listing(cli)
        var paths: [String] = []
        for format in ["jpg", "png", "webp", "heic"] {
            // names lie on purpose: the type comes from the bytes
            paths.append(try write(try MediaFixtures.picture(format, width: 1400, height: 700), "photo.bin"))
        }
        paths.append(try write(MediaFixtures.pdf, "证书.jpg"))
        let added = try await cli.run(["listing", "media", "add", ref] + paths)
        #expect(added.contains("(jpeg 1400×700)") && added.contains("(png 1400×700)"))
        #expect(added.contains("(webp 1400×700)") && added.contains("(heic 1400×700)") && added.contains("(pdf)"))
        let list = try await cli.run("listing", "media", "list", ref)
        #expect(list.contains("共 5 项") && list.contains("证书扫描") && list.contains("1400×700"))
        let names = storedFiles(cli)
        #expect(
            names.filter { $0.hasSuffix("-1280.jpg") }.count == 4
                && names.filter { $0.hasSuffix("-480.jpg") }.count == 4)
        #expect(names.filter { $0.contains("-original.") }.count == 5)
        for name in names where name.hasSuffix(".jpg") && !name.contains("original") {
            let data = try Data(
                contentsOf: cli.mediaDirectory.appendingPathComponent(String(name.prefix(2))).appendingPathComponent(
                    name))
            #expect(MediaFormat.detect(data) == .jpeg)
        }
    }

    @Test func phonePhotosAreTurnedUprightAndLoseTheirGPSPosition() async throws {
        let cli = try await CLIHarness.make("media-exif")
        let ref = try await listing(cli)
        let phone = try MediaFixtures.phoneJPEG(width: 64, height: 32, orientation: 6)
        #expect(phone.range(of: Data("GPS".utf8)) == nil && phone.range(of: Data("Exif".utf8)) != nil)
        try await cli.run("listing", "media", "add", ref, try write(phone, "IMG_0001.JPG"), "--caption", "车间")
        let list = try await cli.run("listing", "media", "list", ref)
        #expect(list.contains("32×64"), "\(list)")  // stored upright: 64 × 32 turned a quarter
        for name in storedFiles(cli) {
            let data = try Data(
                contentsOf: cli.mediaDirectory.appendingPathComponent(String(name.prefix(2))).appendingPathComponent(
                    name))
            if name.contains("original") {
                #expect(data == phone)  // kept as sent, for staff
            } else {
                // no EXIF, XMP or ICC block at all, so no GPS position (tag 0x0002, RATIONAL)
                for marker in ["Exif", "http://ns.adobe.com/xap", "ICC_PROFILE"] {
                    #expect(data.range(of: Data(marker.utf8)) == nil, "\(name) has \(marker)")
                }
                #expect(data.range(of: Data([0x02, 0x00, 0x05, 0x00, 0x03, 0x00])) == nil)
            }
        }
    }

    @Test func fakesAndBombsAreRefusedAndLeaveNothing() async throws {
        let cli = try await CLIHarness.make("media-refused")
        let ref = try await listing(cli)
        let html = try write(Data("<!doctype html><script>alert(1)</script>".utf8), "photo.jpg")
        let elf = try write(
            Data([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + Array(repeating: 0, count: 64)), "setup.exe.jpg")
        for path in [html, elf] {
            let refused = await cli.failure("listing", "media", "add", ref, path)
            #expect(refused?.contains("not a JPEG, PNG, WebP, HEIC/HEIF or PDF file") == true, "\(refused ?? "")")
        }
        let started = ContinuousClock.now
        let bomb = await cli.failure("listing", "media", "add", ref, try write(MediaFixtures.bombPNG, "bomb.png"))
        #expect(bomb?.contains("50000 × 50000 pixels") == true, "\(bomb ?? "")")
        // refused from the header: decoding 2.5 billion pixels would take minutes (10 s leaves room for a CLI
        // run among 66 suites on two cores)
        #expect(ContinuousClock.now - started < .seconds(10))
        let huge = await cli.failure(
            "listing", "media", "add", ref, try write(Data(count: 21 * 1024 * 1024), "big.jpg"))
        #expect(huge?.contains("at most 20 MiB") == true)
        #expect(try await cli.count("media_files") == 0)
        #expect(storedFiles(cli).isEmpty)
        #expect(try await cli.count("listing_media") == 0)
    }

    @Test func theSamePhotoIsStoredOnceAndRemovedFilesAreCollected() async throws {
        let cli = try await CLIHarness.make("media-gc")
        let (first, second) = (try await listing(cli, "九华厂房A出租"), try await listing(cli, "九华厂房B出租"))
        let photo = try write(try MediaFixtures.picture("jpg"), "a.jpg")
        try await cli.run("listing", "media", "add", first, photo)
        try await cli.run("listing", "media", "add", second, photo)
        #expect(try await cli.count("media_files") == 1)
        #expect(try await cli.count("listing_media") == 2)
        #expect(storedFiles(cli).count == 3)
        try await cli.run("listing", "media", "remove", first, "1")
        #expect(try await cli.run("media", "gc", "--grace-minutes", "0").contains("removed 0"))  // still shown by B
        try await cli.run("listing", "media", "remove", second, "1")
        #expect(try await cli.run("media", "gc", "--grace-minutes", "60").contains("removed 0"))  // too young
        #expect(try await cli.run("media", "gc", "--grace-minutes", "0").contains("removed 1"))
        #expect(try await cli.count("media_files") == 0)
        #expect(storedFiles(cli).isEmpty)
        // a file an upload left without its row goes too
        let orphan = cli.mediaDirectory.appendingPathComponent("ab").appendingPathComponent(
            String(repeating: "ab", count: 32) + "-1280.jpg")
        try FileManager.default.createDirectory(
            at: orphan.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: orphan)
        #expect(try await cli.run("media", "gc", "--grace-minutes", "0").contains("removed 1"))
        #expect(!FileManager.default.fileExists(atPath: orphan.path))
    }

    @Test func concurrentUploadsToOneListingKeepAConsistentOrder() async throws {
        let cli = try await CLIHarness.make("media-order")
        let ref = try await listing(cli)
        let photos = try (0..<6).map { index in try MediaFixtures.picture("png", width: 40 + index, height: 30) }
        let configuration = try DatabaseAddress(url: cli.url).configuration
        try await withClient(configuration) { client in
            let library = MediaLibrary(
                database: Database(client: client, logger: TestDatabase.logger),
                storage: LocalMediaStorage(root: cli.mediaDirectory), limits: MediaLimits())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for photo in photos {
                    group.addTask {
                        _ = try await library.add(
                            photo, kind: nil, caption: "", toListing: ref, expectedVersion: nil, actor: "test")
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(try await cli.count("listing_media") == 6)
        let positions = try await cli.count("listing_media WHERE position BETWEEN 0 AND 5")
        #expect(positions == 6)
        let list = try await cli.run("listing", "media", "list", ref)
        #expect(list.contains("version 7"))
        try await cli.run("listing", "media", "move", ref, "6", "1")
        let stale = await cli.failure("listing", "media", "remove", ref, "1", "--expect-version", "7")
        #expect(stale?.contains("changed meanwhile") == true)
        let tooFar = await cli.failure("listing", "media", "remove", ref, "9")
        #expect(tooFar?.contains("has no media item 8") == true)
    }
}
