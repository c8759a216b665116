import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParkDeskAPI
import ParkDeskCore
import ParkDeskMedia
import ParkDeskStore
import ParkDeskTestSupport
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
}
