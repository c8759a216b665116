import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParkDeskApp
import ParkDeskCore
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// The public website as a browser sees it, over real PostgreSQL with the demo data: pages, filters, paging,
/// 404/410, escaping, and the inquiry form (kept values, consent, one lead for a double submit).
@Suite struct WebSiteTests {
    static let html: HTTPFields = [.accept: "text/html,application/xhtml+xml"]
    static let formHeaders: HTTPFields = [
        .accept: "text/html", .contentType: "application/x-www-form-urlencoded",
    ]
    static let noLimit = InquiryFormTests.quick

    @Test func theHomePageShowsListingsParksAndTheHotline() async throws {
        let f = try await APIFixture.make("web_home")
        try await f.test { client in
            let home = try await client.page("/")
            #expect(home.status == .ok)
            #expect(home.headers[.contentType] == "text/html; charset=utf-8")
            #expect(home.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(home.headers[.xContentTypeOptions] == "nosniff")
            #expect(home.headers[HTTPField.Name("Referrer-Policy")!] == "strict-origin-when-cross-origin")
            for text in [
                #"<html lang="zh-CN">"#, "400 0123 021", "最新房源", "产业园区", "湘潭经开区", #"property="og:title""#,
                #"<link rel="canonical""#, #"name="description""#,
            ] {
                #expect(home.text.contains(text), "\(text)")
            }
            #expect(home.text.utf8.count < 60_000)
            // the fingerprinted stylesheet is served for a year
            let css = try #require(home.text.firstMatch(of: /href="(\/assets\/site\.[0-9a-f]{8}\.css)"/)?.1)
            let asset = try await client.page(String(css))
            #expect(asset.status == .ok)
            #expect(asset.headers[.cacheControl]?.contains("immutable") == true)
            #expect(try await client.page("/assets/site.00000000.css").status == .notFound)
        }
    }

    @Test func resultsFollowTheFiltersWithFacetsPagingAndAnEmptyState() async throws {
        let f = try await APIFixture.make("web_results")
        try await f.test { client in
            let cranes = try await client.page("/listings?kind=factory&minCraneTons=16&district=" + q("湘潭县"))
            #expect(cranes.status == .ok)
            #expect(cranes.text.contains("易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院"))
            #expect(!cranes.text.contains("出租,带行车五吨"))  // 5 t is below the filter
            #expect(cranes.text.contains(#"value="factory" checked"#))
            #expect(cranes.text.contains(#"<meta name="robots" content="noindex, follow">"#))
            // a page of 20, then the next one through the cursor, with the filters kept
            let first = try await client.page("/listings?kind=factory&sort=area-desc")
            let next = try #require(first.text.firstMatch(of: /rel="next" href="([^"]+)"/)?.1)
            let nextURL = String(next).replacingOccurrences(of: "&amp;", with: "&")
            #expect(nextURL.contains("kind=factory") && nextURL.contains("cursor="))
            let second = try await client.page(nextURL)
            let refs = { (text: String) in
                Set(text.matches(of: /href="\/listings\/([A-Z]{2}-\d{4}-\d+)"/).map { String($0.1) })
            }
            #expect(!refs(first.text).isEmpty && refs(first.text).isDisjoint(with: refs(second.text)))
            let none = try await client.page("/listings?q=" + q("火星上的厂房"))
            #expect(none.status == .ok && none.text.contains("没有找到符合条件的房源") && none.text.contains("放宽条件"))
            let wrong = try await client.page("/listings?minBuildingArea=abc")
            #expect(wrong.status == .ok && wrong.text.contains("筛选条件有误"))
        }
    }

    /// The search box's words shown as chips above the results, each link taking one reading away (the typed text
    /// kept), a removed one offered back; the count found, exact from the kept counts or "200 套以上" past the bound.
    @Test func theSearchTextBecomesRemovableChips() async throws {
        let f = try await APIFixture.make("web_chips")
        try await f.test { client in
            func cards(_ text: String) -> Int { text.matches(of: /class="card/).count }
            let typed = "雨湖 厂房 20吨行车"
            let page = try await client.page("/listings?q=" + q(typed))
            #expect(page.status == .ok)
            let chips = page.text.matches(of: /<a class="chip" href="([^"]+)"[^>]*>([^<]+) <span/).map {
                (String($0.1).replacingOccurrences(of: "&amp;", with: "&"), String($0.2))
            }
            #expect(chips.map(\.1) == ["雨湖区", "厂房", "行车 ≥ 20 吨"])
            #expect(page.text.contains(#"value="雨湖 厂房 20吨行车""#), "the typed text stays in the box")
            let crane = try #require(chips.last?.0)
            #expect(
                crane.hasSuffix("&drop=crane")
                    && crane.contains("q=" + q(typed).replacingOccurrences(of: "+", with: "%20")))
            let without = try await client.page(crane)
            #expect(cards(without.text) > cards(page.text))
            #expect(without.text.matches(of: /<a class="chip" href/).count == 2)
            #expect(without.text.contains(#"aria-label="恢复条件：行车 ≥ 20 吨""#))
            #expect(without.text.contains(#"<input type="hidden" name="drop" value="crane">"#))
            let warehouses = try await client.page("/listings?q=" + q("湘潭 仓库"))
            #expect(warehouses.text.contains(">湘潭市 <") && warehouses.text.contains(">仓库 <"))
            #expect(warehouses.text.contains(#"<p class="found">共 "#))
            let kept = try await client.page("/listings?q=" + q("钢结构 厂房"))
            #expect(kept.text.contains("关键词：钢结构"))
            let plain = try await client.page("/listings?q=" + q("钢结构"))
            #expect(!plain.text.contains(#"class="chips""#))
            // a park's page lists its cards, or says it has none
            let parks = try await client.call("/api/v1/parks").body["items"] as? [[String: Any]] ?? []
            let empty = try #require(parks.first { $0["activeListings"] as? Int == 0 }?["id"] as? Int)
            let full = try #require(parks.first { ($0["activeListings"] as? Int ?? 0) > 0 }?["id"] as? Int)
            #expect(try await client.page("/parks/\(empty)").text.contains("园区暂无在租在售的房源"))
            let listed = try await client.page("/parks/\(full)").text
            #expect(listed.contains(#"class="card"#) && !listed.contains("园区暂无在租在售的房源"))
        }
    }

    @Test func aListingPageHasTheSpecTheFormAndStructuredData() async throws {
        let f = try await APIFixture.make("web_listing")
        let listing = try await f.listing {
            $0.title = "九华单层厂房2000平米出租,行车10吨"; $0.craneTons = 10; $0.clearHeight = 9
            $0.features = ["独门独院"]; $0.latitude = 27.95; $0.longitude = 112.85
            $0.media = [MediaItem(kind: .photo, url: "https://img.example.cn/a.jpg", caption: "外景")]
        }
        try await f.test { client in
            let page = try await client.page("/listings/" + listing.ref)
            #expect(page.status == .ok)
            for text in [
                "九华单层厂房2000平米出租,行车10吨", "行车", "1 台，最大 10 吨", "净高", "9 米", "独门独院",
                "https://img.example.cn/a.jpg", "uri.amap.com", #"name="listingRef" value="\#(listing.ref)""#,
                #"<script type="application/ld+json">"#, "RealEstateListing", "咨询这套房源",
                #"property="og:image" content="https://img.example.cn/a.jpg""#,
            ] {
                #expect(page.text.contains(text), "\(text)")
            }
        }
    }

    @Test func pendingIsShownGoneListingsAre410AndUnknownOnes404() async throws {
        let f = try await APIFixture.make("web_status")
        let pending = try await f.listing({ $0.title = "洽谈中的厂房出租" }, status: .pending)
        let leased = try await f.listing({ $0.title = "已经租出的厂房" }, status: .active)
        let draft = try await f.listing({ $0.title = "还没发布的厂房" }, status: .draft)
        try await f.database { client in
            _ = try await Database(client: client, logger: TestDatabase.logger).listings.changeStatus(
                ref: leased.ref, to: .leased, note: "", actor: "test")
        }
        try await f.test { client in
            #expect(try await client.page("/listings/" + pending.ref).text.contains("洽谈中"))
            let gone = try await client.page("/listings/" + leased.ref)
            #expect(gone.status == .gone && gone.text.contains("已下架") && gone.text.contains("类似房源"))
            #expect(gone.text.contains("已出租"))
            #expect(try await client.page("/listings/" + draft.ref).status == .notFound)
            let missing = try await client.page("/listings/XT-2026-999999")
            #expect(missing.status == .notFound && missing.text.contains("页面不存在"))
            #expect(try await client.page("/listings/nonsense").status == .notFound)
            let noPage = try await client.page("/no-such-page")
            #expect(noPage.status == .notFound && noPage.headers[.contentType]?.hasPrefix("text/html") == true)
            // the API keeps problem+json, whatever the client accepts
            let api = try await client.page("/api/v1/listings/XT-2026-999999")
            #expect(api.status == .notFound && api.headers[.contentType]?.hasPrefix("application/problem+json") == true)
        }
    }

    @Test func everyValueIsEscaped() async throws {
        let f = try await APIFixture.make("web_escape")
        let listing = try await f.listing {
            $0.title = "<script>alert(1)</script>厂房"; $0.features = ["\"><b>x"]
        }
        try await f.test { client in
            for path in ["/listings/" + listing.ref, "/listings", "/listings?q=" + q("<script>")] {
                let page = try await client.page(path)
                #expect(!page.text.contains("<script>alert(1)"), "\(path)")
                #expect(!page.text.contains("\"><b>x"), "\(path)")
            }
            let detail = try await client.page("/listings/" + listing.ref)
            #expect(detail.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;厂房"))
            #expect(!detail.text.contains("</script>厂房"))  // not even inside the JSON-LD
        }
    }

    @Test func aWrongFormComesBackWithEveryValueKeptAndNothingStored() async throws {
        let f = try await APIFixture.make("web_form_errors")
        try await f.test(configuration: Self.noLimit) { client in
            let key = try await client.signedFormKey("/inquiry")
            let sent = try await client.post(
                [
                    ("needText", "单层厂房 3000㎡，带行车"), ("intendedUse", "机械加工"), ("company", "湘潭某机械有限公司"),
                    ("contactName", "王经理"), ("mobile", "1381234"), ("expectedTax", "三百多"), ("formKey", key),
                ])
            #expect(sent.status == .badRequest)
            for kept in ["单层厂房 3000㎡，带行车", "机械加工", "湘潭某机械有限公司", "王经理", "1381234", "三百多", key] {
                #expect(sent.text.contains(kept), "\(kept)")
            }
            for message in ["请填写 11 位手机号", "请阅读并同意隐私声明", "请填写一个数（万元/年）"] {
                #expect(sent.text.contains(message), "\(message)")
            }
            #expect(sent.text.contains(#"aria-invalid="true""#))
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 0)
    }

    @Test func aDoubleSubmitMakesOneLeadWithItsListingAttached() async throws {
        let f = try await APIFixture.make("web_form_once")
        let listing = try await f.listing { $0.title = "易俗河标准厂房出租" }
        try await f.test(configuration: Self.noLimit) { client in
            let form = try await client.page("/listings/" + listing.ref)
            let key = try #require(form.text.firstMatch(of: /name="formKey" value="([^"]+)"/)?.1)
            // every showing of the page has its own key and time, even when the page itself is kept
            let shownAgain = try await client.page("/listings/" + listing.ref)
            #expect(shownAgain.text.firstMatch(of: /name="formKey" value="([^"]+)"/)?.1 != key)
            let fields: [(String, String)] = [
                ("listingRef", listing.ref), ("formKey", String(key)), ("contactName", "李总"),
                ("mobile", "139 0731 0000"), ("needText", "要 2000 平厂房"), ("consent", "1"),
            ]
            let first = try await client.post(fields)
            let again = try await client.post(fields)
            #expect(first.status == .seeOther && again.status == .seeOther)
            let location = try #require(first.headers[.location])
            #expect(location == again.headers[.location])
            #expect(location.hasPrefix("/inquiry/thanks?receipt=") && location.contains(listing.ref))
            let thanks = try await client.page(location)
            #expect(thanks.status == .ok && thanks.text.contains("已收到您的咨询"))
            let receipt = try #require(location.firstMatch(of: /receipt=([0-9a-f-]{36})/)?.1)
            #expect(thanks.text.contains(String(receipt)))
        }
        #expect(try await f.count("SELECT count(*)::int FROM leads") == 1)
        #expect(try await f.count("SELECT count(*)::int FROM leads WHERE listing_id = \(listing.id)") == 1)
        #expect(try await f.count("SELECT count(*)::int FROM leads WHERE consent_version IS NOT NULL") == 1)
    }

    @Test func tooManyInquiriesOrNoDatabaseKeepTheTypedText() async throws {
        let f = try await APIFixture.make("web_form_busy")
        // live, so that the visitor has an address to limit
        var limited = InquiryFormTests.quick
        limited.leadRateBurst = 1
        try await f.app(configuration: limited).test(.live) { client in
            let fields = [("contactName", "赵工"), ("mobile", "13700000000"), ("consent", "1"), ("needText", "仓库")]
            let (a, b) = (
                try await client.signedFormKey("/inquiry"),
                try await client.signedFormKey("/inquiry")
            )
            #expect(try await client.post(fields + [("formKey", a)]).status == .seeOther)
            let busy = try await client.post(fields + [("formKey", b)])
            #expect(busy.status == .tooManyRequests)
            #expect(busy.text.contains("提交太频繁") && busy.text.contains("赵工") && busy.text.contains("400 0123 021"))
        }
        let client = PostgresClient(configuration: DatabaseFaultTests.absent, backgroundLogger: TestDatabase.logger)
        let app = try buildApplication(
            configuration: .init(port: 0), pool: DatabasePool(client: client),
            migrator: Migrator(logger: TestDatabase.logger),
            migrateOnStart: false, logger: TestDatabase.logger)
        try await app.test(.router) { client in
            while try await client.page("/readyz").status != .serviceUnavailable {
                try await Task.sleep(for: .seconds(0.2))
            }
            let away = try await client.post([("contactName", "钱女士"), ("mobile", "13600000000"), ("consent", "1")])
            #expect(away.status == .serviceUnavailable, "\(away.text.prefix(3000))")
            #expect(away.text.contains("钱女士") && away.text.contains("13600000000") && away.text.contains("系统暂时繁忙"))
            let home = try await client.page("/")
            #expect(home.status == .serviceUnavailable && home.text.contains("系统繁忙"))
        }
    }

    @Test func sitemapRobotsAndPrivacy() async throws {
        let f = try await APIFixture.make("web_files")
        try await f.test { client in
            let sitemap = try await client.page("/sitemap.xml")
            #expect(sitemap.headers[.contentType]?.hasPrefix("application/xml") == true)
            #expect(sitemap.text.contains("/listings/XT-2026-") && sitemap.text.contains("/parks/"))
            let robots = try await client.page("/robots.txt")
            #expect(robots.text.contains("Disallow: /api/") && robots.text.contains("Sitemap: "))
            let privacy = try await client.page("/privacy")
            #expect(privacy.text.contains("隐私声明") && privacy.text.contains("版本 2026-11"))
            let parks = try await client.page("/parks")
            let park = try #require(parks.text.firstMatch(of: /href="(\/parks\/\d+)"/)?.1)
            #expect(try await client.page(String(park)).status == .ok)
            #expect(try await client.page("/parks/999999").status == .notFound)
        }
    }
}

extension TestClientProtocol {
    /// A page as a browser asks for it: status, headers and the HTML as text.
    func page(_ uri: String) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, text: String) {
        try await execute(uri: uri, method: .get, headers: WebSiteTests.html) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    /// The inquiry form posted as a browser does.
    func post(
        _ fields: [(String, String)]
    ) async throws -> (
        status: HTTPResponse.Status, headers: HTTPFields, text: String
    ) {
        let body = fields.map { name, value in
            name + "=" + (value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        }.joined(separator: "&")
        return try await execute(
            uri: "/inquiry", method: .post, headers: WebSiteTests.formHeaders, body: ByteBuffer(string: body)
        ) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }
}
