import ParkDeskHTTP
import Foundation
import Hummingbird
import Mustache
import ParkDeskCore
import ParkDeskStore

/// `robots.txt` and `sitemap.xml`: the public pages for search engines, never the API or the forms' answers.
extension WebSite {
    func robots() -> Response {
        let text = """
            User-agent: *
            Disallow: /api/
            Disallow: /inquiry/thanks
            Sitemap: \(office.publicURL)/sitemap.xml

            """
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The home, search, parks, the privacy notice and every public listing (newest first, at most 45,000).
    func sitemap() async throws -> Response {
        var paths = ["/", "/listings", "/parks", "/inquiry", "/privacy"]
        paths += try await places.read { try await $0.parks() }.map { "/parks/\($0.id)" }
        paths += try await listings.read { try await $0.publicRefs(limit: 45_000) }.map { "/listings/" + $0 }
        let urls = paths.map { office.publicURL + $0 }
        let xml = pages.library.render(["urls": urls], withTemplate: "sitemap") ?? ""
        return Response(
            status: .ok, headers: [.contentType: "application/xml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: xml)))
    }
}
