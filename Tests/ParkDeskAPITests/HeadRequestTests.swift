import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParkDeskApp
import ParkDeskCore
import Testing

/// Issue 29: HEAD was answered nowhere (404 or 405). Every GET route answers HEAD with the same status and
/// headers and no body (RFC 9110 §9.3.2), over a real connection, where the next request still works.
@Suite struct HeadRequestTests {
    static let compared: [HTTPField.Name] = [.contentType, .contentLength, .eTag, .cacheControl, .lastModified]

    @Test func everyGetRouteAnswersHeadAlike() async throws {
        let f = try await APIFixture.make("head_requests")
        let listing = try await f.listing { $0.title = "易俗河厂房 HEAD 测试" }
        let paths = [
            "/", "/listings", "/listings?kind=factory", "/listings/" + listing.ref, "/parks", "/inquiry", "/privacy",
            "/sitemap.xml", "/robots.txt", "/api/v1/listings", "/api/v1/listings/" + listing.ref, "/api/v1/parks",
            "/healthz", "/readyz", "/openapi.yaml", "/listings/XT-2026-999999", "/media/nothing.jpg",
        ]
        try await f.app(configuration: InquiryFormTests.quick).test(.live) { client in
            for path in paths {
                let accept: HTTPFields = path.hasPrefix("/api/") ? [:] : [.accept: "text/html"]
                let get = try await client.execute(uri: path, method: .get, headers: accept) { $0 }
                let head = try await client.execute(uri: path, method: .head, headers: accept) { $0 }
                #expect(head.status == get.status, "\(path)")
                #expect(head.body.readableBytes == 0, "\(path)")
                for name in Self.compared where name != .eTag || path.hasPrefix("/api/") {
                    #expect(head.headers[name] == get.headers[name], "\(path) \(name)")
                }
            }
            // a method a GET path does not have lists HEAD among the allowed ones
            let put = try await client.execute(uri: "/api/v1/listings", method: .put) { $0 }
            #expect(put.status == .methodNotAllowed && put.headers[.allow]?.contains("HEAD") == true)
        }
    }
}
