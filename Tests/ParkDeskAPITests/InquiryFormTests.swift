import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The website's inquiry form never loses what a person typed (issue 29): listings that are no longer public, a
/// form sent again after an edit, a time that cannot be forged, bodies of any size, filters it does not know.
@Suite struct InquiryFormTests {
    static let quick = {
        var configuration = AppConfiguration(port: 0, leadRateBurst: 0)
        configuration.leadMinFillMillis = 0
        return configuration
    }()

    static func person(_ mobile: String, _ extra: [(String, String)] = []) -> [(String, String)] {
        [("contactName", "李总"), ("mobile", mobile), ("needText", "要 2000 平厂房"), ("consent", "1")] + extra
    }

    @Test func anInquiryAboutAListingNoLongerPublicIsTakenAndOffersSimilarOnes() async throws {
        let f = try await APIFixture.make("web_form_gone")
        let leased = try await f.listing({ $0.title = "已经租出的易俗河厂房" }, status: .active)
        let draft = try await f.listing({ $0.title = "还没发布的秘密厂房" }, status: .draft)
        try await f.database { client in
            _ = try await Database(client: client, logger: TestDatabase.logger).listings.changeStatus(
                ref: leased.ref, to: .leased, note: "", actor: "test")
        }
        try await f.test(configuration: Self.quick) { client in
            for (n, listing) in [leased, draft].enumerated() {
                // the form opens, names no title that is not public, and carries the ref
                let form = try await client.page("/inquiry?listing=" + listing.ref)
                #expect(form.status == .ok)
                #expect(!form.text.contains(listing.fields.title))
                #expect(form.text.contains(#"name="listingRef" value="\#(listing.ref)""#))
                let sent = try await client.post(
                    Self.person("1390731000\(n)", [("listingRef", listing.ref), ("formKey", try client.formKey(form))]))
                #expect(sent.status == .seeOther, "\(sent.text.prefix(2000))")
                let thanks = try await client.page(try #require(sent.headers[.location]))
                #expect(thanks.text.contains("已收到您的咨询") && thanks.text.contains("已租出、售出或下架"))
                #expect(!thanks.text.contains(listing.fields.title))
                #expect(!thanks.text.contains("返回刚才的房源"))
            }
            // a leased listing's thank-you page offers listings like it (the demo data has them)
            let thanks = try await client.page("/inquiry/thanks?receipt=\(UUID())&listing=\(leased.ref)")
            #expect(thanks.text.contains("类似房源"))
        }
        #expect(
            try await f.count(
                """
                SELECT count(*)::int FROM lead_inquiries
                WHERE unavailable_listing_ref = ANY(\([leased.ref, draft.ref]))
                """
            ) == 2)
    }

    @Test func aFormSentAgainAfterAnEditIsAFollowUpAndAReplayMakesNothing() async throws {
        let f = try await APIFixture.make("web_form_revised")
        try await f.test(configuration: Self.quick) { client in
            let key = try await client.signedFormKey("/inquiry")
            let first = try await client.post(Self.person("13907311111", [("formKey", key)]))
            let edited = Self.person("13907311111", [("formKey", key), ("message", "补充：需要行车 10 吨")])
            let second = try await client.post(edited)
            let replay = try await client.post(edited)
            #expect([first.status, second.status, replay.status] == [.seeOther, .seeOther, .seeOther])
            #expect(first.headers[.location] != second.headers[.location])
            #expect(second.headers[.location] == replay.headers[.location])
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 1)
        #expect(try await f.count("SELECT count(*)::int FROM lead_inquiries") == 2)
        #expect(try await f.count("SELECT count(*)::int FROM lead_inquiries WHERE message LIKE '补充%'") == 1)
    }

    @Test func theFormsTimeCannotBeForgedOrLeftOut() async throws {
        let f = try await APIFixture.make("web_form_forged")
        var checked = Self.quick
        checked.leadMinFillMillis = 3000
        try await f.test(configuration: checked) { client in
            let key = try await client.signedFormKey("/inquiry")
            let parts = key.split(separator: ".")
            try #require(parts.count == 3)
            // the key's time moved back an hour: not this site's key, the form comes back whole with a new one
            let movedBack = "\(parts[0]).\(Int64(parts[1])! - 3_600_000).\(parts[2])"
            for forged in [movedBack, String(parts[0]), "anything"] {
                let sent = try await client.post(Self.person("13907312222", [("formKey", forged), ("issued", "0")]))
                #expect(sent.status == .badRequest)
                #expect(sent.text.contains("再点一次") && sent.text.contains("13907312222"))
                #expect(try client.formKey(sent) != forged)
            }
            // the real key, sent at once: a bot's speed (dropped, answered like any other)
            let fast = try await client.post(Self.person("13907312222", [("formKey", key), ("issued", "0")]))
            #expect(fast.status == .seeOther)
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 0)
        #expect(try await f.count("SELECT coalesce(sum(count), 0)::int FROM dropped_lead_posts") == 1)
    }

    @Test(arguments: [70 * 1024, 200 * 1024, 250 * 1024])
    func aFormTooLongComesBackAs413KeepingWhatItCan(size: Int) async throws {
        let f = try await APIFixture.make("web_form_huge_\(size / 1024)", demo: false)
        try await f.test(configuration: Self.quick) { client in
            let key = try await client.signedFormKey("/inquiry")
            let sent = try await client.post(
                Self.person("13907313333", [("formKey", key), ("message", String(repeating: "厂", count: size / 9))]))
            #expect(sent.status == .contentTooLarge)
            #expect(sent.text.contains("内容太长") && sent.text.contains("400 0123 021"))
            #expect(sent.text.contains("李总") && sent.text.contains("13907313333"))
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 0)
    }

    @Test(arguments: [
        ("kind=bogus", "类型：没有“bogus”这一项"), ("deal=swap", "租售：没有“swap”这一项"),
        ("sort=zzz", "排序：没有“zzz”这一项"), ("minCraneTons=abc", "行车吨位：“abc”不是数字"),
        ("district=火星区", "区县："), ("minBuildingArea=500&maxBuildingArea=100", "最小建筑面积："),
    ])
    func aFilterNotUnderstoodIsNamedInChinese(query: String, message: String) async throws {
        let f = try await APIFixture.make("web_filters_\(abs(query.hashValue) % 100_000)", demo: false)
        try await f.test { client in
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? query
            let page = try await client.page("/listings?" + encoded)
            #expect(page.text.contains("筛选条件有误：" + message), "\(page.text.firstMatch(of: /筛选条件有误[^<]*/)?.0 ?? "")")
            let problems = page.text.matches(of: /筛选条件有误：([^<]*)/).map { String($0.1) }
            #expect(problems.allSatisfy { !$0.contains("must") && !$0.contains(" is ") }, "\(problems)")
        }
    }

    @Test func aListingWithoutPhotosIsSharedWithTheSitesImage() async throws {
        let f = try await APIFixture.make("web_share_image", demo: false)
        let listing = try await f.listing { $0.title = "没有照片的仓库" }
        try await f.test { client in
            let page = try await client.page("/listings/" + listing.ref)
            let image = try #require(page.text.firstMatch(of: /property="og:image" content="([^"]+)"/)?.1)
            #expect(image.hasSuffix(".png") && image.hasPrefix("http"))
            let path = String(image[image.range(of: "/assets/")!.lowerBound...])
            let png = try await client.execute(uri: path, method: .get) { ($0.status, $0.headers[.contentType]) }
            #expect(png.0 == .ok && png.1 == "image/png")
        }
    }
}

extension TestClientProtocol {
    /// The one-time key of the form on a page.
    func formKey(_ page: (status: HTTPResponse.Status, headers: HTTPFields, text: String)) throws -> String {
        String(try #require(page.text.firstMatch(of: /name="formKey" value="([^"]+)"/)?.1))
    }

    /// The form key of the page at `uri` once it is signed: the first page after a start may come before the
    /// database's form secret is read (within a second; longer on a busy machine), and then its key is unsigned.
    func signedFormKey(_ uri: String) async throws -> String {
        for _ in 1..<100 {
            let key = try formKey(try await page(uri))
            if key.split(separator: ".").count == 3 { return key }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try formKey(try await page(uri))
    }
}
