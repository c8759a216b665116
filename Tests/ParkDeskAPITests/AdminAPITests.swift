import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The admin endpoints: tokens and roles, listing writes with If-Match, parks, the audit log.
@Suite struct AdminAPITests {
    static let newListing = """
        {"kind":"factory","deal":"rent","title":"九华标准厂房2000平米出租","district":"九华","buildingArea":2000.25,
         "craneTons":10,"priceAmount":12.5,"priceUnit":"yuan-per-m2-month","features":["可环评"],"status":"active"}
        """

    @Test func adminPathsNeedALiveBearerToken() async throws {
        let f = try await APIFixture.make("auth", demo: false)
        let secret = try await f.token(.admin, name: "to-revoke")
        try await f.test { client in
            let none = try await client.call("/api/v1/admin/listings")
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate] == #"Bearer realm="parkdesk""#)
            #expect(none.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(
                try await client.call("/api/v1/admin/listings", headers: [.authorization: "Basic abc"]).status
                    == .unauthorized)
            #expect(
                try await client.call("/api/v1/admin/listings", headers: bearer("pd_wrong")).status == .unauthorized)
            #expect(try await client.call("/api/v1/admin/listings", headers: bearer(secret)).status == .ok)
            try await f.database { client in
                try await Database(client: client, logger: TestDatabase.logger).tokens.revoke(
                    name: "to-revoke", actor: "test")
            }
            #expect(try await client.call("/api/v1/admin/listings", headers: bearer(secret)).status == .unauthorized)
        }
    }

    @Test func agentsWorkOnListingsButNotParks() async throws {
        let f = try await APIFixture.make("roles", demo: false)
        let agent = try await f.token(.agent)
        try await f.test { client in
            let created = try await client.call(
                "/api/v1/admin/listings", method: .post, headers: bearer(agent), json: Self.newListing)
            #expect(created.status == .created)
            let park = try await client.call(
                "/api/v1/admin/parks", method: .post, headers: bearer(agent),
                json: #"{"name":"新园区","district":"yuhu"}"#)
            #expect(park.status == .forbidden)
            #expect(park.body["type"] as? String == "https://parkdesk.invalid/problems/forbidden")
        }
        #expect(try await f.count("SELECT count(*)::int FROM parks WHERE name = '新园区'") == 0)
    }

    @Test func createAnswers201WithLocationETagAndTheStoredListing() async throws {
        let f = try await APIFixture.make("create", demo: false)
        let admin = try await f.token(.admin, name: "web-admin")
        try await f.test { client in
            let created = try await client.call(
                "/api/v1/admin/listings", method: .post,
                headers: bearer(admin).merging([.requestID: "req-create-1"]), json: Self.newListing)
            #expect(created.status == .created)
            let ref = try #require(created.body["ref"] as? String)
            #expect(created.headers[.location] == "/api/v1/admin/listings/\(ref)")
            #expect(created.headers[.eTag] == "\"v1\"")
            #expect(created.body["buildingArea"] as? Double == 2000.25)
            #expect((created.body["district"] as? [String: Any])?["key"] as? String == "xiangtan-etdz")
            #expect(created.body["status"] as? String == "active")
            let history = created.body["history"] as? [[String: Any]] ?? []
            #expect(history.first?["by"] as? String == "token:web-admin")
            let publicView = try await client.call("/api/v1/listings/\(ref)")
            #expect(publicView.status == .ok)
        }
        let audited = try await f.count(
            """
            SELECT count(*)::int FROM audit_log
            WHERE action = 'listing.create' AND actor = 'token:web-admin' AND request_id = 'req-create-1'
            """)
        #expect(audited == 1)
    }

    /// A complete, valid new listing with some fields changed (`nil` removes one), as JSON.
    static func body(_ changes: [String: Any?]) -> String {
        var fields: [String: Any] = [
            "kind": "factory", "deal": "rent", "title": "厂房出租", "district": "yuhu",
            "buildingArea": 100, "priceUnit": "negotiable",
        ]
        for (key, value) in changes { fields[key] = value }
        let data = (try? JSONSerialization.data(withJSONObject: fields.compactMapValues { $0 })) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func badBodiesNameTheFieldAndWriteNothing() async throws {
        let f = try await APIFixture.make("badbody", demo: false)
        let admin = try await f.token(.admin)
        let cases: [(String, String)] = [
            (Self.body(["id": 5]), "id"),
            (Self.body(["ref": "XT-2026-000001"]), "ref"),
            (Self.body(["version": 3]), "version"),
            (Self.body(["createdAt": "2026-01-01T00:00:00Z"]), "createdAt"),
            (Self.body(["isVip": true]), "isVip"),
            (Self.body(["buildingArea": "many"]), "buildingArea"),
            (Self.body(["kind": "castle"]), "kind"),
            (Self.body(["kind": nil]), "kind"),
            (Self.body(["craneTons": -5]), "craneTons"),
            (Self.body(["landArea": 100]), "landArea"),
            (Self.body(["district": "atlantis"]), "district"),
            (Self.body(["park": "不存在的园区"]), "park"),
            (Self.body(["title": String(repeating: "厂", count: 121)]), "title"),
            (Self.body(["media": [["kind": "photo", "url": "ftp://x"]]]), "media[0].url"),
            ("{not json", "body"),
        ]
        try await f.test { client in
            for (json, field) in cases {
                let answer = try await client.call(
                    "/api/v1/admin/listings", method: .post, headers: bearer(admin), json: json)
                #expect(answer.status == .badRequest, "\(json)")
                #expect(fields(answer.body).contains(field), "\(json) → \(fields(answer.body))")
            }
            let readOnly = try await client.call(
                "/api/v1/admin/listings", method: .post, headers: bearer(admin),
                json: Self.body(["ref": "XT-2026-000001"]))
            #expect(
                (readOnly.body["errors"] as? [[String: Any]])?.first?["message"] as? String
                    == "is read-only and cannot be set")
        }
        #expect(try await f.count("SELECT count(*)::int FROM listings") == 0)
        #expect(try await f.count("SELECT count(*)::int FROM audit_log WHERE action LIKE 'listing.%'") == 0)
    }

    @Test func editsNeedIfMatchAndRefuseStaleVersions() async throws {
        let f = try await APIFixture.make("ifmatch", demo: false)
        let admin = try await f.token(.admin)
        try await f.test { client in
            let created = try await client.call(
                "/api/v1/admin/listings", method: .post, headers: bearer(admin), json: Self.newListing)
            let ref = try #require(created.body["ref"] as? String)
            let path = "/api/v1/admin/listings/\(ref)"
            let missing = try await client.call(
                path, method: .patch, headers: bearer(admin), json: #"{"priceAmount":11}"#)
            #expect(missing.status == .preconditionRequired)
            let tag = try #require(created.headers[.eTag])
            let edited = try await client.call(
                path, method: .patch, headers: bearer(admin).merging([.ifMatch: tag]),
                json: #"{"priceAmount":11,"features":["可环评","带办公楼"]}"#)
            #expect(edited.status == .ok)
            #expect(edited.headers[.eTag] == "\"v2\"")
            #expect((edited.body["price"] as? [String: Any])?["amount"] as? Double == 11)
            #expect(edited.body["title"] as? String == "九华标准厂房2000平米出租", "fields not sent stay")
            let stale = try await client.call(
                path, method: .patch, headers: bearer(admin).merging([.ifMatch: tag]),
                json: #"{"priceAmount":9}"#)
            #expect(stale.status == .preconditionFailed)
            let byVersion = try await client.call(
                path, method: .patch, headers: bearer(admin).merging([.ifMatch: "2"]),
                json: #"{"priceAmount":9}"#)
            #expect(byVersion.status == .ok)
            let star = try await client.call(
                path, method: .patch, headers: bearer(admin).merging([.ifMatch: "*"]),
                json: #"{"title":"九华标准厂房2000平米出租(可分租)"}"#)
            #expect(star.status == .ok && star.body["version"] as? Int == 4)
            let empty = try await client.call(
                path, method: .patch, headers: bearer(admin).merging([.ifMatch: "*"]), json: "{}")
            #expect(empty.status == .badRequest)
            let invalid = try await client.call(
                path, method: .patch, headers: bearer(admin).merging([.ifMatch: "*"]),
                json: #"{"landAreaMu":10}"#)
            #expect(invalid.status == .badRequest && fields(invalid.body).contains("landArea"))
            let unknown = try await client.call(
                "/api/v1/admin/listings/XT-2026-999999", method: .patch,
                headers: bearer(admin).merging([.ifMatch: "*"]), json: #"{"priceAmount":9}"#)
            #expect(unknown.status == .notFound)
        }
        #expect(try await f.count("SELECT count(*)::int FROM audit_log WHERE action = 'listing.update'") == 3)
    }

    @Test func statusChangesFollowTheLegalTransitions() async throws {
        let f = try await APIFixture.make("status", demo: false)
        let admin = try await f.token(.admin)
        let draft = try await f.listing({ $0.title = "草稿厂房" }, status: .draft)
        try await f.test { client in
            let path = "/api/v1/admin/listings/\(draft.ref)/status"
            let illegal = try await client.call(
                path, method: .post, headers: bearer(admin), json: #"{"status":"leased"}"#)
            #expect(illegal.status == .badRequest && fields(illegal.body) == ["status"])
            let published = try await client.call(
                path, method: .post, headers: bearer(admin), json: #"{"status":"active","note":"审核通过"}"#)
            #expect(published.status == .ok && published.body["status"] as? String == "active")
            let leased = try await client.call(
                path, method: .post, headers: bearer(admin), json: #"{"status":"leased","note":"签约"}"#)
            #expect(leased.status == .ok && leased.body["statusLabel"] as? String == "已出租")
            let bogus = try await client.call(path, method: .post, headers: bearer(admin), json: #"{"status":"burnt"}"#)
            #expect(bogus.status == .badRequest && fields(bogus.body) == ["status"])
            let detail = try await client.call("/api/v1/admin/listings/\(draft.ref)", headers: bearer(admin))
            #expect((detail.body["history"] as? [[String: Any]])?.count == 3)
            let hidden = try await client.call("/api/v1/listings/\(draft.ref)")
            #expect(hidden.status == .notFound, "a leased listing is off the public site")
        }
    }

    @Test func adminSearchSeesEveryStatus() async throws {
        let f = try await APIFixture.make("adminsearch", demo: false)
        let agent = try await f.token(.agent)
        _ = try await f.listing({ $0.title = "后台可见草稿" }, status: .draft)
        try await f.test { client in
            let all = items(try await client.call("/api/v1/admin/listings?q=\(q("后台可见"))", headers: bearer(agent)).body)
            #expect(all.count == 1 && all.first?["status"] as? String == "draft")
            let drafts = try await client.call(
                "/api/v1/admin/listings?status=draft&status=withdrawn", headers: bearer(agent))
            #expect(items(drafts.body).count == 1)
            #expect(
                try await client.call("/api/v1/admin/listings?status=gone", headers: bearer(agent)).status
                    == .badRequest)
        }
    }

    @Test func parksAreCreatedEditedAndDeletedByAdmins() async throws {
        let f = try await APIFixture.make("parks", demo: false)
        let admin = try await f.token(.admin)
        try await f.test { client in
            let created = try await client.call(
                "/api/v1/admin/parks", method: .post, headers: bearer(admin),
                json: #"{"name":"湘潭县新材料产业园","district":"易俗河","latitude":27.78,"longitude":112.95}"#)
            #expect(created.status == .created)
            let id = try #require(created.body["id"] as? Int)
            #expect(created.headers[.location] == "/api/v1/parks/\(id)")
            let duplicate = try await client.call(
                "/api/v1/admin/parks", method: .post, headers: bearer(admin),
                json: #"{"name":"湘潭县新材料产业园","district":"yuhu"}"#)
            #expect(duplicate.status == .badRequest && fields(duplicate.body) == ["name"])
            let halfPoint = try await client.call(
                "/api/v1/admin/parks", method: .post, headers: bearer(admin),
                json: #"{"name":"半个坐标园区","district":"yuhu","latitude":27.1}"#)
            #expect(halfPoint.status == .badRequest && fields(halfPoint.body) == ["longitude"])
            let edited = try await client.call(
                "/api/v1/admin/parks/\(id)", method: .patch, headers: bearer(admin),
                json: #"{"description":"省级经开区"}"#)
            #expect(edited.status == .ok && edited.body["description"] as? String == "省级经开区")
            #expect(edited.body["name"] as? String == "湘潭县新材料产业园")
            _ = try await f.listing { $0.park = "湘潭县新材料产业园" }
            let inUse = try await client.call("/api/v1/admin/parks/\(id)", method: .delete, headers: bearer(admin))
            #expect(inUse.status == .conflict)
            let spare = try await client.call(
                "/api/v1/admin/parks", method: .post, headers: bearer(admin),
                json: #"{"name":"空园区","district":"yuhu"}"#)
            let spareID = try #require(spare.body["id"] as? Int)
            #expect(
                try await client.call("/api/v1/admin/parks/\(spareID)", method: .delete, headers: bearer(admin)).status
                    == .noContent)
            #expect(
                try await client.call("/api/v1/admin/parks/\(spareID)", method: .delete, headers: bearer(admin)).status
                    == .notFound)
            #expect(
                try await client.call(
                    "/api/v1/admin/parks/\(spareID)", method: .patch, headers: bearer(admin),
                    json: #"{"name":"改名"}"#
                ).status == .notFound)
        }
        let actions = try await f.count("SELECT count(*)::int FROM audit_log WHERE action LIKE 'park.%'")
        #expect(actions == 4)  // two creates, one update, one delete
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var merged = self
        merged.append(contentsOf: other)
        return merged
    }
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("X-Request-Id")!
}
