import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParkDeskApp
import ParkDeskCore
import ParkDeskMedia
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// Stored pictures served to the public: immutable, ranges, never originals or certificates.
@Suite struct MediaServingTests {
    @Test func webSizesAreServedImmutableWithRangesAndCertificatesStayPrivate() async throws {
        let f = try await APIFixture.make("media_serving", demo: false)
        let listing = try await f.listing { $0.title = "九华重工厂房出租" }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")
        let photo = try MediaFixtures.picture("jpg", width: 1600, height: 1200)
        let (file, certificate) = try await f.database { client in
            let library = MediaLibrary(
                database: Database(client: client, logger: TestDatabase.logger),
                storage: LocalMediaStorage(root: folder), limits: MediaLimits())
            let file = try await library.add(
                photo, kind: nil, caption: "车间", toListing: listing.ref, expectedVersion: nil, actor: "test")
            let certificate = try await library.add(
                MediaFixtures.pdf, kind: nil, caption: "", toListing: listing.ref, expectedVersion: nil, actor: "test")
            return (file.file, certificate.file)
        }
        var configuration = AppConfiguration(port: 0)
        configuration.mediaDirectory = folder
        try await f.app(configuration: configuration).test(.router) { client in
            let path = "/media/\(file.sha256)-1280.jpg"
            let whole = try await client.execute(uri: path, method: .get) { $0 }
            #expect(whole.status == .ok && whole.headers[.contentType] == "image/jpeg")
            #expect(whole.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(whole.headers[.xContentTypeOptions] == "nosniff")
            let etag = try #require(whole.headers[.eTag])
            #expect(whole.body.readableBytes == file.sizes.last?.bytes)
            let again = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag]) { $0 }
            #expect(again.status == .notModified)
            let part = try await client.execute(uri: path, method: .get, headers: [.range: "bytes=0-99"]) { $0 }
            #expect(part.status == .partialContent && part.body.readableBytes == 100)
            #expect(part.headers[.contentRange] == "bytes 0-99/\(whole.body.readableBytes)")
            let tail = try await client.execute(uri: path, method: .get, headers: [.range: "bytes=-10"]) { $0 }
            #expect(tail.status == .partialContent && tail.body.readableBytes == 10)
            let beyond = try await client.execute(uri: path, method: .get, headers: [.range: "bytes=999999-"]) { $0 }
            #expect(beyond.status == .rangeNotSatisfiable)
            for hidden in [
                "/media/\(file.sha256)-original.jpg", "/media/\(certificate.sha256)-original.pdf",
                "/media/../../etc/passwd", "/media/\(file.sha256)-99.jpg",
            ] {
                #expect(try await client.execute(uri: hidden, method: .get) { $0.status } == .notFound, "\(hidden)")
            }
            let detail = try await client.call("/api/v1/listings/\(listing.ref)")
            let media = try #require(detail.body["media"] as? [[String: Any]])
            #expect(media.count == 1)  // the certificate is for staff only
            #expect(media[0]["url"] as? String == path && media[0]["width"] as? Int == 1280)
            #expect(media[0]["height"] as? Int == 960 && (media[0]["sizes"] as? [Any])?.count == 2)
            let page = try await client.page("/listings/\(listing.ref)")
            #expect(page.text.contains(#"src="\#(path)""#) && page.text.contains("-480.jpg 480w"))
            #expect(page.text.contains(#"width="1280" height="960""#) && !page.text.contains(certificate.sha256))
        }
    }

    /// The agent's bearer header with an `If-Match`.
    static func writing(_ token: String, version: Int) -> HTTPFields {
        var headers = bearer(token)
        headers[.ifMatch] = String(version)
        return headers
    }

    /// A burst of large photos may take longer than a database request may, so an upload has its own deadline;
    /// one that passes it was answered 503, and whatever its processing finishes later attaches nothing.
    @Test func anUploadPastItsDeadlineAnswers503AndAttachesNothing() async throws {
        let f = try await APIFixture.make("media_late", demo: false)
        let listing = try await f.listing { $0.title = "九华厂房出租" }
        let agent = try await f.token(.agent)
        var configuration = AppConfiguration(port: 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")
        configuration.mediaDirectory = folder
        configuration.mediaLimits.uploadTimeoutMs = 20
        let photo = try MediaFixtures.picture("jpg", width: 1600, height: 1200)
        try await f.app(configuration: configuration).test(.router) { client in
            let late = try await client.execute(
                uri: "/api/v1/admin/listings/\(listing.ref)/media", method: .post,
                headers: Self.writing(agent, version: 1), body: ByteBuffer(bytes: photo)
            ) { $0 }
            #expect(late.status == .serviceUnavailable && late.headers[.retryAfter] != nil)
            // the processing goes on after the answer: wait for its files (unless it never got its turn at libvips)
            let started = ContinuousClock.now
            func written() -> Bool {
                let names = FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []
                return names.contains { $0.hasSuffix("-original.jpg") }
            }
            while !written() && ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await Task.sleep(for: .milliseconds(500))
            // other requests keep the request deadline
            let detail = try await client.call("/api/v1/admin/listings/\(listing.ref)", headers: bearer(agent))
            #expect(detail.status == .ok && detail.body["version"] as? Int == 1)
            #expect((detail.body["media"] as? [Any])?.isEmpty ?? true)
        }
        #expect(try await f.count("SELECT count(*)::int FROM media_files") == 0)
        #expect(try await f.count("SELECT count(*)::int FROM listing_media") == 0)
    }

    @Test func staffUploadOrderAndRemoveMediaThroughTheAPI() async throws {
        let f = try await APIFixture.make("media_api", demo: false)
        let listing = try await f.listing { $0.title = "易俗河厂房出租" }
        let agent = try await f.token(.agent)
        var configuration = AppConfiguration(port: 0)
        configuration.mediaDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "media-\(UUID().uuidString)")
        configuration.mediaLimits.maxBytes = 1024 * 1024
        let phone = try MediaFixtures.phoneJPEG(width: 800, height: 600)
        try await f.app(configuration: configuration).test(.router) { client in
            let path = "/api/v1/admin/listings/\(listing.ref)/media"
            func upload(_ data: Data, _ query: String = "", ifMatch: String? = "1") async throws -> TestResponse {
                var headers = bearer(agent)
                headers[.contentType] = "image/png"  // a lie: the bytes decide
                if let ifMatch { headers[.ifMatch] = ifMatch }
                return try await client.execute(
                    uri: path + query, method: .post, headers: headers, body: ByteBuffer(bytes: data)
                ) { $0 }
            }
            #expect(try await upload(phone, ifMatch: nil).status == .preconditionRequired)
            #expect(try await upload(phone, ifMatch: "7").status == .preconditionFailed)
            let fake = try await upload(Data("<html>".utf8))
            #expect(fake.status == .badRequest && String(buffer: fake.body).contains("not a JPEG"))
            #expect(try await upload(Data(count: 2 * 1024 * 1024)).status == .contentTooLarge)
            let first = try await upload(phone, "?caption=%E8%BD%A6%E9%97%B4")
            #expect(
                first.status == .created && first.headers[.eTag] == #""v2""#,
                "\(first.status) \(String(buffer: first.body).prefix(300))")
            let second = try await upload(MediaFixtures.pdf, "?kind=certificate", ifMatch: "2")
            #expect(second.status == .created)
            let detail = try await client.call(
                "/api/v1/admin/listings/\(listing.ref)", headers: bearer(agent))
            let media = try #require(detail.body["media"] as? [[String: Any]])
            #expect(media.count == 2 && media[0]["caption"] as? String == "车间" && media[0]["height"] as? Int == 800)
            let photoHash = try #require(media[0]["file"] as? String)
            let pdfHash = try #require(media[1]["file"] as? String)
            let moved = try await client.call(
                path + "/1/move", method: .post, headers: Self.writing(agent, version: 3), json: #"{"to":0}"#)
            #expect(
                moved.status == .ok && (moved.body["media"] as? [[String: Any]])?.first?["file"] as? String == pdfHash)
            let original = try await client.execute(
                uri: "/api/v1/admin/media/\(photoHash)", method: .get, headers: bearer(agent)
            ) { $0 }
            #expect(original.status == .ok && original.headers[.contentType] == "image/jpeg")
            // the original, GPS and all, for staff only
            #expect(Array(original.body.readableBytesView) == Array(phone))
            let anonymous = try await client.execute(uri: "/api/v1/admin/media/\(photoHash)", method: .get) { $0 }
            #expect(anonymous.status == .unauthorized)
            let removed = try await client.call(
                path + "/0", method: .delete, headers: Self.writing(agent, version: 4))
            #expect(removed.status == .ok && (removed.body["media"] as? [Any])?.count == 1)
            let beyond = try await client.call(path + "/5", method: .delete, headers: Self.writing(agent, version: 5))
            #expect(beyond.status == .badRequest)
        }
        #expect(try await f.count("SELECT count(*)::int FROM audit_log WHERE action LIKE 'listing.media.%'") == 4)
    }
}
