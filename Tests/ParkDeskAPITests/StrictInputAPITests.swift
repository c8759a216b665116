import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOFoundationCompat
import PostgresNIO
@testable import ParkDeskAPI
@testable import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import Testing

/// Request input read exactly: what the generated decoder would accept silently or blame on `body`.
@Suite struct StrictInputAPITests {
    static let noLimit = LeadCaptureAPITests.noLimit

    func post(
        _ client: any TestClientProtocol, _ path: String, body: String, headers: HTTPFields = [:]
    )
        async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any])
    {
        try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            response in
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
            return (response.status, response.headers, json)
        }
    }

    @Test func aKeyGivenTwiceIsRefusedNamingTheKeyAndNothingIsStored() async throws {
        let f = try await APIFixture.make("strict-dup", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let body = LeadCaptureAPITests.inquiry().replacingOccurrences(
                of: #""contactName":"王经理""#, with: #""contactName":"王经理","contactName":"李四""#)
            let answer = try await client.call("/api/v1/leads", method: .post, json: body)
            #expect(answer.status == .badRequest)
            #expect(fields(answer.body) == ["contactName"])
            let nested = try await client.inquire([
                "need": #"{"kinds":["factory"],"minArea":3000,"minArea":4000}"#
            ])
            #expect(fields(nested.body) == ["need.minArea"])
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 0)
    }

    @Test func aBodyWithoutAJSONContentTypeIs415() async throws {
        let f = try await APIFixture.make("strict-415", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let none = try await post(client, "/api/v1/leads", body: LeadCaptureAPITests.inquiry())
            #expect(none.status == .unsupportedMediaType)
            #expect(fields(none.body) == ["Content-Type"])
            let text = try await post(
                client, "/api/v1/leads", body: LeadCaptureAPITests.inquiry(),
                headers: [.contentType: "text/plain"])
            #expect(text.status == .unsupportedMediaType)
            let charset = try await post(
                client, "/api/v1/leads", body: LeadCaptureAPITests.inquiry(),
                headers: [.contentType: "application/json; charset=utf-8"])
            #expect(charset.status == .created)
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 1)
    }

    @Test func undecodableQueryEscapesAre400NamingTheParameter() async throws {
        try await APIFixture.test("strict-query", demo: true, as: .admin) { client, admin in
            let search = try await client.call("/api/v1/listings?q=%FF")
            #expect(search.status == .badRequest)
            #expect(fields(search.body) == ["q"])
            let leads = try await client.call("/api/v1/admin/leads?mobile=%E4%B8", headers: bearer(admin))
            #expect(leads.status == .badRequest)
            #expect(fields(leads.body) == ["mobile"])
            let nul = try await client.call("/api/v1/admin/leads.csv?assignee=%00", headers: bearer(admin))
            #expect(nul.status == .badRequest)
            #expect(fields(nul.body) == ["assignee"])
            let fine = try await client.call("/api/v1/listings?q=\(q("厂房"))")
            #expect(fine.status == .ok)
            let empty = try await client.call("/api/v1/admin/leads?listing=", headers: bearer(admin))
            #expect(fields(empty.body) == ["listing"])
        }
    }

    @Test func loneSurrogatesAndHugeNumbersAreBlamedOnTheirField() async throws {
        let f = try await APIFixture.make("strict-field", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let answer = try await client.inquire([
                "contactName": #""王\ud800经理""#, "expectedTax": "1e309",
            ])
            #expect(answer.status == .badRequest)
            #expect(Set(fields(answer.body)) == ["contactName", "expectedTax"])
            let pair = try await client.inquire([
                "contactName": #""王\ud840\udc00经理""#  // a proper pair: 𠀀
            ])
            #expect(pair.status == .created)
        }
    }

    @Test func everyUnknownFieldIsListed() async throws {
        let f = try await APIFixture.make("strict-unknown", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let answer = try await client.inquire([
                "bogus": "1", "ref": #""LD-2026-000001""#, "need": #"{"kinds":["factory"],"colour":"red"}"#,
            ])
            #expect(answer.status == .badRequest)
            #expect(fields(answer.body) == ["bogus", "need.colour", "ref"])
            let messages = (answer.body["errors"] as? [[String: String]] ?? []).map { $0["message"] ?? "" }
            #expect(messages.contains("is read-only and cannot be set"))
        }
    }

    /// An inquiry about a listing the public cannot see, or one that does not exist, is taken like any other (issue
    /// 29: it was refused, and the person could not send it at all); the answers are alike, so refs cannot be
    /// probed, and the lead keeps the ref as unavailable.
    @Test func anInquiryAboutAnUnpublishedOrUnknownListingIsTakenAndProbesNothing() async throws {
        let f = try await APIFixture.make("strict-probe", demo: false)
        let draft = try await f.listing({ _ in }, status: .draft)
        let active = try await f.listing({ $0.title = "公开的厂房" }, status: .active)
        try await f.test(configuration: Self.noLimit) { client in
            var answers: [(status: HTTPResponse.Status, keys: [String])] = []
            for (n, ref) in [draft.ref, "XT-2026-999999", active.ref].enumerated() {
                let answer = try await client.inquire(mobile: "1380000000\(n)", ["listingRef": "\"\(ref)\""])
                answers.append((answer.status, answer.body.keys.sorted()))
            }
            #expect(answers.allSatisfy { $0.status == .created })
            #expect(answers[0].keys == answers[1].keys && answers[1].keys == answers[2].keys)
        }
        #expect(
            try await f.count(
                """
                SELECT count(*)::int FROM lead_inquiries
                WHERE unavailable_listing_ref = \(draft.ref) AND listing_id = \(draft.id)
                """
            )
                == 1)
        #expect(
            try await f.count(
                """
                SELECT count(*)::int FROM lead_inquiries
                WHERE unavailable_listing_ref = 'XT-2026-999999' AND listing_id IS NULL
                """
            ) == 1)
        #expect(
            try await f.count("SELECT count(*)::int FROM lead_inquiries WHERE unavailable_listing_ref IS NULL") == 1)
    }

    /// What the contract refuses the server refuses (a blank date), and what it allows (an empty listing ref, as a
    /// form sends it) the server takes as "none".
    @Test func blankValuesAreTreatedAsTheContractSays() async throws {
        let f = try await APIFixture.make("strict-blank", demo: false)
        try await f.test(configuration: Self.noLimit) { client in
            let blankDate = try await client.inquire([
                "need": #"{"kinds":["factory"],"moveIn":""}"#
            ])
            #expect(fields(blankDate.body) == ["need.moveIn"])
            let paddedDate = try await client.inquire([
                "need": #"{"kinds":["factory"],"moveIn":" 2027-01-01"}"#
            ])
            #expect(fields(paddedDate.body) == ["need.moveIn"])
            let noListing = try await client.inquire([
                "listingRef": #""""#
            ])
            #expect(noListing.status == .created)
        }
    }

    @Test func anUndeclaredMethodOnAKnownPathIs405WithAllow() async throws {
        let f = try await APIFixture.make("strict-405", demo: false)
        try await f.test { client in
            let answer = try await client.call("/api/v1/leads", method: .delete)
            #expect(answer.status == .methodNotAllowed)
            #expect(answer.headers[.allow] == "POST")
            let listing = try await client.call("/api/v1/listings/XT-2026-000001", method: .put)
            #expect(listing.headers[.allow] == "GET, HEAD")
            let nowhere = try await client.call("/api/v1/nowhere", method: .put)
            #expect(nowhere.status == .notFound)
        }
    }

    @Test func strictJSONFindsWhatTheDecoderWouldNot() {
        let findings = StrictJSON.check(Array(#"{"a":[1,{"b":null,"b":2}],"c":"\udc00","d":-1e400}"#.utf8))
        #expect(findings.map(\.field) == ["a[1].b", "a[1].b", "c", "d"])
        #expect(StrictJSON.check(Array(#"{"a":"\ud83d\ude00","b":[1.5e3,-0,true,false]}"#.utf8)).isEmpty)
        #expect(StrictJSON.check(Array(#"{"a":01}"#.utf8)).map(\.field) == ["body"])
        #expect(StrictJSON.check(Array(#"{"a":1"#.utf8)).map(\.field) == ["body"])
        #expect(StrictJSON.check(Array("".utf8)).map(\.field) == ["body"])
    }
}
