import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ParkDeskApp
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskMedia
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

@testable import ParkDeskConsole

/// The console's listings (issue 32): a line read into the form and saved as the API would save it, every field
/// error at once in Chinese, the fields of each kind, the version guarding an edit, park staff kept to their parks,
/// photos one by one, status moves, the import report, parks and their other names.
@Suite struct ConsoleListingTests {
    typealias World = StaffConsoleTests.World

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, cookie: String,
        form: [(String, String)]? = nil
    ) async throws -> StaffConsoleTests.Answer {
        try await StaffConsoleTests.send(client, method, path, cookie: cookie, form: form.map(Self.encoded))
    }

    /// The new-listing page after reading `line`.
    static func parse(
        _ client: any TestClientProtocol, _ member: (cookie: String, csrf: String), _ line: String
    ) async throws -> StaffConsoleTests.Answer {
        try await send(
            client, .post, "/staff/listings/new", cookie: member.cookie,
            form: [("_csrf", member.csrf), ("line", line), ("action", "parse")])
    }

    static func encoded(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.map {
            $0.0 + "=" + ($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }

    /// A multipart body with text fields and files.
    static func multipart(
        _ fields: [(String, String)], files: [(name: String, data: Data)], boundary: String = "b0undary-\(UUID())"
    ) -> (body: ByteBuffer, type: String) {
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return (body, "multipart/form-data; boundary=\(boundary)")
    }

    /// The fields of a factory as the form posts them.
    static func factory(_ csrf: String, title: String = "易俗河重工厂房4000平米独栋单层出租") -> [(String, String)] {
        [
            ("_csrf", csrf), ("kind", "factory"), ("deal", "rent"), ("title", title), ("district", "湘潭县"),
            ("park", "湘潭天易经开区"), ("town", ""), ("address", ""), ("price", ""), ("priceUnit", "negotiable"),
            ("buildingArea", "4000"), ("standalone", "是"), ("singleStorey", "是"), ("craneTons", "16"),
            ("features", "独门独院"), ("action", "save"),
        ]
    }

    /// The app's configuration with a media folder of the test's own.
    static var withMediaFolder: AppConfiguration {
        var configuration = AppConfiguration(port: 0)
        configuration.mediaDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "console-media-\(UUID())")
        return configuration
    }

    static func ref(of answer: StaffConsoleTests.Answer) -> String? {
        answer.location?.split(separator: "/").last?.split(separator: "?").first.map(String.init)
    }

    @Test func aLineFillsTheFormAndSavesTheListingTheAPIWouldStore() async throws {
        let world = try await World.make("console_listing_line")
        try await world.fixture.test { client in
            let park = try await world.session(world.tianyi)
            let parsed = try await Self.parse(client, park, "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院")
            #expect(parsed.status == .ok)
            for shown in [
                "<option value=\"factory\" selected>", "<option value=\"rent\" selected>", "value=\"4000\"",
                "value=\"16\"", "<option value=\"湘潭县\" selected>", "识别自“4000平米”", "识别自“行车16吨”",
                "<option value=\"湘潭天易经开区\" selected>",
            ] {
                #expect(parsed.body.contains(shown), "\(shown)")
            }
            // the land and farmland sections are there for the script, hidden and disabled (not posted)
            #expect(parsed.body.contains("data-kinds=\"farmland\" hidden disabled"))

            let saved = try await Self.send(
                client, .post, "/staff/listings/new", cookie: park.cookie, form: Self.factory(park.csrf))
            let ref = try #require(Self.ref(of: saved))
            #expect(saved.status == .seeOther)
            let (stored, twin) = try await world.fixture.stores { database in
                var draft = try ListingDraft(text: [
                    "kind": "factory", "deal": "rent", "title": "易俗河重工厂房4000平米独栋单层出租", "district": "湘潭县",
                    "park": "湘潭天易经开区", "price": "面议", "buildingArea": "4000", "standalone": "是",
                    "singleStorey": "是", "craneTons": "16", "features": "独门独院",
                ])
                draft.priceUnit = .negotiable
                let twin = try await database.listings.create(draft, actor: "api")
                return (try await database.listings.find(ref: ref), twin)
            }
            #expect(stored.fields == twin.fields && stored.status == .draft && stored.parkID == twin.parkID)
            let page = try await Self.send(client, .get, "/staff/listings/" + ref, cookie: park.cookie)
            #expect(page.status == .ok && page.body.contains("草稿") && page.body.contains("发布（在租/在售）"))
        }
    }

    @Test func everyFieldErrorComesBackAtOnceInChineseWithTheValuesKept() async throws {
        let world = try await World.make("console_listing_errors")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let form: [(String, String)] = [
                ("_csrf", office.csrf), ("kind", "factory"), ("deal", "rent"), ("title", "厂"), ("district", "火星"),
                ("buildingArea", "四千多"), ("storeys", "2"), ("floor", "5"), ("price", "-5"),
                ("priceUnit", "wan-yuan-total"), ("latitude", "27.8"), ("clearHeight", "abc"),
                ("availableFrom", "明天"), ("park", "没有这个园区"), ("action", "save"),
            ]
            let answer = try await Self.send(client, .post, "/staff/listings/new", cookie: office.cookie, form: form)
            #expect(answer.status == .unprocessableContent)
            for hint in [
                "标题需 2–120 字", "请填写建筑面积", "净高为正数", "价格为正数", "日期格式为 YYYY-MM-DD", "经度为 −180 到 180，且与纬度同时填写",
            ] {
                #expect(answer.body.contains(hint), "\(hint)")
            }
            #expect(answer.body.contains("value=\"四千多\"") && answer.body.contains("value=\"-5\""))
            #expect(answer.body.contains("aria-invalid=\"true\""))

            // readable values, broken rules: a rent priced as a total, a floor above the storeys, no such district
            let rules = form.map { name, value in
                switch name {
                case "buildingArea": (name, "4000")
                case "price": (name, "300")
                case "clearHeight": (name, "9")
                case "availableFrom": (name, "2027-01-01")
                case "latitude": (name, "")
                case "title": (name, "九华厂房出租")
                case "park": (name, "")
                default: (name, value)
                }
            }
            let second = try await Self.send(client, .post, "/staff/listings/new", cookie: office.cookie, form: rules)
            #expect(second.status == .unprocessableContent)
            for hint in ["出租按期计价", "所在楼层为整数，且不高于总层数", "请选择区县"] {
                #expect(second.body.contains(hint), "\(hint)")
            }
            let count = try await world.fixture.count("SELECT count(*)::int FROM listings WHERE title = '九华厂房出租'")
            #expect(count == 0)
        }
    }

    @Test func eachKindShowsAndTakesItsOwnFields() async throws {
        let world = try await World.make("console_listing_kinds")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let blank = try await Self.send(
                client, .get, "/staff/listings/new?blank=1&kind=farmland", cookie: office.cookie)
            #expect(
                blank.body.contains("data-kinds=\"farmland\">") && blank.body.contains("factory warehouse\" hidden"))
            let farmland: [(String, String)] = [
                ("_csrf", office.csrf), ("kind", "farmland"), ("deal", "transfer"), ("title", "谭家山养猪场土地流转"),
                ("district", "湘潭县"), ("landArea", "30"), ("landAreaUnit", "mu"), ("waterSource", "山塘"),
                ("allowedUses", "养殖，种植"), ("price", "600"), ("priceUnit", "yuan-per-mu-year"),
            ]
            let saved = try await Self.send(
                client, .post, "/staff/listings/new", cookie: office.cookie, form: farmland)
            let ref = try #require(Self.ref(of: saved))
            let listing = try await world.fixture.stores { try await $0.listings.find(ref: ref) }
            #expect(listing.fields.spec.land?.area == Decimal(string: "20000.1"))
            #expect(listing.fields.spec.farmland?.allowedUses == ["养殖", "种植"])
            // a crafted post with a crane on farmland is refused by name
            let crane = try await Self.send(
                client, .post, "/staff/listings/new", cookie: office.cookie, form: farmland + [("craneTons", "10")])
            #expect(crane.status == .unprocessableContent && crane.body.contains("行车吨位为正数"))
        }
    }

    @Test func aStaleSaveShowsTheirValuesBesideYoursAndOverwritesNothing() async throws {
        let world = try await World.make("console_listing_conflict")
        let listing = try await world.fixture.listing { $0.park = "湘潭天易经开区" }
        try await world.fixture.test(configuration: Self.withMediaFolder) { client in
            let office = try await world.session(world.office)
            let park = try await world.session(world.tianyi)
            let shown = try await Self.send(client, .get, "/staff/listings/" + listing.ref, cookie: park.cookie)
            let base = try #require(shown.body.firstMatch(of: /name="base" value="([0-9a-f]+)"/)?.1)
            func form(_ csrf: String, title: String, price: String) -> [(String, String)] {
                [
                    ("_csrf", csrf), ("version", String(listing.version)), ("base", String(base)),
                    ("kind", "factory"), ("deal", "rent"), ("title", title), ("district", "湘潭县"),
                    ("park", "湘潭天易经开区"), ("buildingArea", "1000"), ("price", price),
                    ("priceUnit", "yuan-per-m2-month"),
                ]
            }
            let first = try await Self.send(
                client, .post, "/staff/listings/" + listing.ref, cookie: office.cookie,
                form: form(office.csrf, title: "办公室改的标题", price: "10"))
            #expect(first.status == .seeOther)
            let second = try await Self.send(
                client, .post, "/staff/listings/" + listing.ref, cookie: park.cookie,
                form: form(park.csrf, title: "测试厂房出租", price: "12"))
            #expect(second.status == .conflict)
            #expect(second.body.contains("他人已保存：办公室改的标题") && second.body.contains("value=\"12\""))
            let kept = try await world.fixture.stores { try await $0.listings.find(ref: listing.ref) }
            #expect(kept.fields.title == "办公室改的标题" && kept.fields.priceAmount == 10)

            // a photo added since (the version moved, the fields did not) is no conflict
            let photo = try MediaFixtures.picture("jpg")
            let upload = Self.multipart([("_csrf", office.csrf)], files: [("a.jpg", photo)])
            _ = try await client.execute(
                uri: "/staff/listings/\(listing.ref)/media", method: .post,
                headers: [.cookie: office.cookie, .contentType: upload.type], body: upload.body
            ) { $0 }
            let latest = try await Self.send(client, .get, "/staff/listings/" + listing.ref, cookie: park.cookie)
            let version = try #require(latest.body.firstMatch(of: /name="version" value="(\d+)"/)?.1)
            let fresh = try #require(latest.body.firstMatch(of: /name="base" value="([0-9a-f]+)"/)?.1)
            var stale = form(park.csrf, title: "园区改的标题", price: "12")
            stale[1] = ("version", String(Int(version)! - 1))
            stale[2] = ("base", String(fresh))
            let third = try await Self.send(
                client, .post, "/staff/listings/" + listing.ref, cookie: park.cookie, form: stale)
            #expect(third.status == .seeOther)
            let now = try await world.fixture.stores { try await $0.listings.find(ref: listing.ref) }
            #expect(now.fields.title == "园区改的标题" && now.fields.media.count == 1)
        }
    }

    /// The list's search words read as the website reads them: a kind and a district become the list's filters
    /// (their selects show them); the other words still search the text.
    @Test func theListsSearchWordsBecomeItsFilters() async throws {
        let world = try await World.make("console_listing_reading")
        let factory = try await world.fixture.listing {
            $0.district = "雨湖区"; $0.title = "雨湖钢结构厂房出租"
        }
        let warehouse = try await world.fixture.listing {
            $0.kind = .warehouse; $0.district = "雨湖区"; $0.title = "雨湖钢结构仓库出租"
        }
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let list = try await Self.send(
                client, .get, "/staff/listings?q=" + q("雨湖 厂房 钢结构"), cookie: office.cookie)
            #expect(list.body.contains(factory.ref) && !list.body.contains(warehouse.ref))
            #expect(list.body.contains(#"<option value="factory" selected"#))
            #expect(list.body.contains(#"<option value="yuhu" selected"#))
            let words = try await Self.send(client, .get, "/staff/listings?q=" + q("钢结构"), cookie: office.cookie)
            #expect(words.body.contains(factory.ref) && words.body.contains(warehouse.ref))
        }
    }

    @Test func parkStaffOpenAndWriteTheirParksListingsOnly() async throws {
        let world = try await World.make("console_listing_parks")
        let own = try await world.fixture.listing {
            $0.park = "湘潭天易经开区"; $0.title = "天易厂房出租"
        }
        let other = try await world.fixture.listing {
            $0.park = "湘潭经开区"; $0.title = "九华厂房出租"
        }
        try await world.fixture.test { client in
            let park = try await world.session(world.tianyi)
            #expect(
                try await Self.send(client, .get, "/staff/listings/" + other.ref, cookie: park.cookie).status
                    == .forbidden)
            #expect(
                try await Self.send(client, .get, "/staff/listings/\(other.ref)/preview", cookie: park.cookie).status
                    == .forbidden)
            let list = try await Self.send(client, .get, "/staff/listings", cookie: park.cookie)
            #expect(list.body.contains(own.ref) && !list.body.contains(other.ref))
            let move = try await Self.send(
                client, .post, "/staff/listings/\(other.ref)/status", cookie: park.cookie,
                form: [("_csrf", park.csrf), ("status", "withdrawn")])
            #expect(move.status == .forbidden)
            var elsewhere = Self.factory(park.csrf)
            elsewhere[5] = ("park", "湘潭经开区")
            let refused = try await Self.send(
                client, .post, "/staff/listings/new", cookie: park.cookie, form: elsewhere)
            #expect(refused.status == .unprocessableContent && refused.body.contains("园区人员只能选择本园区"))
            let wang = try await world.session(world.wang)
            #expect(
                try await Self.send(client, .get, "/staff/listings/" + other.ref, cookie: wang.cookie).status == .ok)
            #expect(try await Self.send(client, .get, "/staff/parks", cookie: wang.cookie).status == .forbidden)
        }
    }

    @Test func photosUploadOneByOneAndMoveUnderTheVersion() async throws {
        let world = try await World.make("console_listing_photos")
        let listing = try await world.fixture.listing { $0.park = "湘潭天易经开区" }
        try await world.fixture.test(configuration: Self.withMediaFolder) { client in
            let park = try await world.session(world.tianyi)
            let path = "/staff/listings/\(listing.ref)/media"
            let files: [(name: String, data: Data)] = [
                ("车间.jpg", try MediaFixtures.picture("jpg", width: 640, height: 480)),
                ("说明.txt", Data("不是照片".utf8)), ("手机.jpg", try MediaFixtures.phoneJPEG(width: 64, height: 32)),
                ("证书.pdf", MediaFixtures.pdf),
            ]
            let plain = Self.multipart([("_csrf", park.csrf)], files: files)
            let page = try await client.execute(
                uri: path, method: .post,
                headers: [.cookie: park.cookie, .contentType: plain.type, .accept: "text/html"], body: plain.body
            ) {
                StaffConsoleTests.Answer(
                    status: $0.status, location: nil, body: String(buffer: $0.body), setCookie: nil)
            }
            #expect(page.status == .unprocessableContent)
            #expect(page.body.contains("已上传 3 个文件") && page.body.contains("“说明.txt”：不是图片"))
            var stored = try await world.fixture.stores { try await $0.listings.find(ref: listing.ref) }
            #expect(stored.fields.media.map(\.kind) == [.photo, .photo, .certificate])
            #expect(stored.forThePublic.fields.media.count == 2)
            let phone = try #require(stored.fields.media[1].stored)
            #expect(phone.width == 32 && phone.height == 64)  // turned upright as the EXIF said

            // the script's upload: one file, a JSON answer
            let one = Self.multipart([("_csrf", park.csrf)], files: [("x.txt", Data("x".utf8))])
            let json = try await client.execute(
                uri: path, method: .post,
                headers: [.cookie: park.cookie, .contentType: one.type, .accept: "application/json"], body: one.body
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(json.0 == .unprocessableContent && json.1.contains("error"))

            let change = "/staff/listings/\(listing.ref)/media/change"
            let cover = try await Self.send(
                client, .post, change, cookie: park.cookie,
                form: [
                    ("_csrf", park.csrf), ("version", String(stored.version)), ("position", "1"), ("action", "cover"),
                ])
            #expect(cover.status == .seeOther)
            let stale = try await Self.send(
                client, .post, change, cookie: park.cookie,
                form: [
                    ("_csrf", park.csrf), ("version", String(stored.version)), ("position", "2"), ("action", "remove"),
                ])
            #expect(stale.status == .conflict)
            let labelled = try await Self.send(
                client, .post, change, cookie: park.cookie,
                form: [
                    ("_csrf", park.csrf), ("version", String(stored.version + 1)), ("position", "1"),
                    ("action", "label"),
                    ("kind", "floor-plan"), ("caption", "一层平面"),
                ])
            #expect(labelled.status == .seeOther)
            let pdfAsPhoto = try await Self.send(
                client, .post, change, cookie: park.cookie,
                form: [("_csrf", park.csrf), ("position", "2"), ("action", "label"), ("kind", "photo")])
            #expect(pdfAsPhoto.status == .unprocessableContent)
            stored = try await world.fixture.stores { try await $0.listings.find(ref: listing.ref) }
            #expect(stored.fields.media[0].file == phone.sha256)
            #expect(stored.fields.media[1].kind == .floorPlan && stored.fields.media[1].caption == "一层平面")
            let certificate = try #require(stored.fields.media[2].file)
            let original = try await client.execute(
                uri: "/staff/media/" + certificate, method: .get, headers: [.cookie: park.cookie]
            ) { $0 }
            #expect(original.status == .ok && original.headers[.contentType] == "application/pdf")
            #expect(
                try await client.execute(uri: "/staff/media/" + certificate, method: .get) { $0.status } == .seeOther)
        }
    }

    @Test func statusMovesAreTheLegalOnesWithANoteInTheHistory() async throws {
        let world = try await World.make("console_listing_status")
        let listing = try await world.fixture.listing({ $0.park = "湘潭天易经开区" }, status: .draft)
        try await world.fixture.test { client in
            let park = try await world.session(world.tianyi)
            let path = "/staff/listings/\(listing.ref)/status"
            let illegal = try await Self.send(
                client, .post, path, cookie: park.cookie, form: [("_csrf", park.csrf), ("status", "sold")])
            #expect(illegal.status == .unprocessableContent && illegal.body.contains("这个状态变更不允许"))
            let stale = try await Self.send(
                client, .post, path, cookie: park.cookie,
                form: [("_csrf", park.csrf), ("status", "active"), ("from", "withdrawn")])
            #expect(stale.status == .conflict)
            let publish = try await Self.send(
                client, .post, path, cookie: park.cookie,
                form: [("_csrf", park.csrf), ("status", "active"), ("from", "draft"), ("note", "现场核实")])
            #expect(publish.status == .seeOther)
            let page = try await Self.send(client, .get, "/staff/listings/" + listing.ref, cookie: park.cookie)
            #expect(page.body.contains("草稿 → 在租/在售") && page.body.contains("现场核实"))
            #expect(page.body.contains("href=\"/listings/\(listing.ref)\""))
            #expect(!page.body.contains("value=\"sold\""))  // a rental is leased, never sold
            let preview = try await Self.send(
                client, .get, "/staff/listings/\(listing.ref)/preview", cookie: park.cookie)
            #expect(preview.status == .ok && preview.body.contains(listing.fields.title) && preview.body.contains("预览"))
        }
    }

    @Test func anImportWithABadLineImportsNothingAndSaysWhichAndWhy() async throws {
        let world = try await World.make("console_listing_import")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            func post(_ name: String, _ text: String, skip: Bool = false) async throws -> StaffConsoleTests.Answer {
                let upload = Self.multipart(
                    [("_csrf", office.csrf), ("status", "draft")] + (skip ? [("skipInvalid", "1")] : []),
                    files: [(name, Data(text.utf8))])
                return try await client.execute(
                    uri: "/staff/listings/import", method: .post,
                    headers: [.cookie: office.cookie, .contentType: upload.type], body: upload.body
                ) {
                    StaffConsoleTests.Answer(
                        status: $0.status, location: nil, body: String(buffer: $0.body), setCookie: nil)
                }
            }
            let csv =
                "kind,deal,title,district,buildingArea,priceUnit\n"
                + "factory,rent,九华厂房出租,湘潭经开区,2000,negotiable\nfactory,rent,坏,火星,abc,negotiable\n"
            let refused = try await post("listings.csv", csv)
            #expect(refused.status == .unprocessableContent && refused.body.contains("全部未导入"))
            #expect(refused.body.contains("<td>3</td><td>标题</td>") && refused.body.contains("<td>3</td><td>建筑面积</td>"))
            #expect(try await world.fixture.count("SELECT count(*)::int FROM listings WHERE title = '九华厂房出租'") == 0)
            let skipped = try await post("listings.csv", csv, skip: true)
            #expect(skipped.status == .ok && skipped.body.contains("已导入 1 条"))
            let titles = try await post("titles.txt", "湘潭县厂房1200平米出租\n")
            #expect(titles.body.contains("已导入 1 条"))
            #expect(try await post("listings.xlsx", "x").body.contains("只能导入"))
        }
    }

    @Test func aParkAndItsOtherNamesAreKnownToTheParserAtOnce() async throws {
        let world = try await World.make("console_parks")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let added = try await Self.send(
                client, .post, "/staff/parks", cookie: office.cookie,
                form: [
                    ("_csrf", office.csrf), ("name", "湘潭智造产业园"), ("district", "湘潭县"), ("aliases", "智造园，智造产业园"),
                ])
            #expect(added.status == .ok && added.body.contains("已保存园区“湘潭智造产业园”"))
            let parsed = try await Self.parse(client, office, "智造园标准厂房2000平米出租")
            #expect(parsed.body.contains("<option value=\"湘潭智造产业园\" selected>"))
            let duplicate = try await Self.send(
                client, .post, "/staff/parks", cookie: office.cookie,
                form: [("_csrf", office.csrf), ("name", "湘潭智造产业园"), ("district", "湘潭县"), ("aliases", "园")])
            #expect(duplicate.status == .unprocessableContent && duplicate.body.contains("别名最多 20 个"))
        }
    }

    @Test func twoSavesOfOneVersionAtOnceStoreOneAndShowTheOtherItsConflict() async throws {
        let world = try await World.make("console_listing_race")
        let listing = try await world.fixture.listing { $0.park = "湘潭天易经开区" }
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let park = try await world.session(world.tianyi)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for (member, title) in [(office, "办公室的标题"), (park, "园区的标题")] {
                    group.addTask {
                        try await Self.send(
                            client, .post, "/staff/listings/" + listing.ref, cookie: member.cookie,
                            form: [
                                ("_csrf", member.csrf), ("version", String(listing.version)), ("kind", "factory"),
                                ("deal", "rent"), ("title", title), ("district", "湘潭县"), ("park", "湘潭天易经开区"),
                                ("buildingArea", "1000"), ("price", "10"), ("priceUnit", "yuan-per-m2-month"),
                            ]
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1.code) }.sorted()
            }
            #expect(statuses == [303, 409])
            let stored = try await world.fixture.stores { try await $0.listings.find(ref: listing.ref) }
            #expect(stored.version == listing.version + 1)
        }
    }

    @Test func emptyHugeAndDecomposedInputIsAnsweredAndKeptIntact() async throws {
        let world = try await World.make("console_listing_edges")
        var configuration = Self.withMediaFolder
        configuration.mediaLimits.maxBytes = 4096
        let listing = try await world.fixture.listing { $0.park = "湘潭天易经开区" }
        try await world.fixture.test(configuration: configuration) { client in
            let office = try await world.session(world.office)
            for line in ["", "   ", String(repeating: "厂", count: 501)] {
                let answer = try await Self.parse(client, office, line)
                #expect(answer.status == .unprocessableContent && answer.body.contains("请输入一句房源描述"))
            }
            // a title typed with a combining accent is stored composed (NFC); a 5,001-character description refused
            var form = Self.factory(office.csrf, title: "Cafe\u{301}厂房出租")
            form[5] = ("park", "")
            let saved = try await Self.send(client, .post, "/staff/listings/new", cookie: office.cookie, form: form)
            let ref = try #require(Self.ref(of: saved))
            let stored = try await world.fixture.stores { try await $0.listings.find(ref: ref) }
            #expect(stored.fields.title == "Café厂房出租" && stored.fields.title.unicodeScalars.count == 8)
            let long = try await Self.send(
                client, .post, "/staff/listings/new", cookie: office.cookie,
                form: form + [("description", String(repeating: "描", count: 5001))])
            #expect(long.status == .unprocessableContent && long.body.contains("描述最多 5000 字"))
            // a body over the upload limit is refused before it is read: nothing attached
            let big = Self.multipart([("_csrf", office.csrf)], files: [("big.jpg", Data(count: 200_000))])
            let refused = try await client.execute(
                uri: "/staff/listings/\(listing.ref)/media", method: .post,
                headers: [.cookie: office.cookie, .contentType: big.type, .accept: "text/html"], body: big.body
            ) { $0.status }
            #expect(refused == .contentTooLarge)
            let after = try await world.fixture.stores { try await $0.listings.find(ref: listing.ref) }
            #expect(after.fields.media.isEmpty && after.version == listing.version)
        }
    }

    @Test func timesAreBeijingTimeAsTheCalendarSaysAcrossYearsAndLeapDays() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        var seconds = 700_000_000.0  // 1992: China has kept UTC+8 all year since (summer time ended in 1991)
        while seconds < 4_200_000_000 {
            let date = Date(timeIntervalSince1970: seconds)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected = String(
                format: "%04d-%02d-%02d %02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
            #expect(ConsoleFormat.time(date) == expected, "\(seconds)")
            seconds += 7_777_777.7  // about three months, a different hour and minute each time
        }
        #expect(ConsoleFormat.time(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 08:00")
    }

    @Test func multipartBodiesAreReadAsBrowsersSendThem() {
        let (body, type) = Self.multipart(
            [("_csrf", "t"), ("caption", "车间 东侧")], files: [("a\"b.jpg", Data([1, 2, 3])), ("", Data())],
            boundary: "XyZ")
        let boundary = try? #require(MultipartForm.boundary(of: type))
        #expect(boundary == "XyZ")
        let form = MultipartForm.parse(Array(body.readableBytesView), boundary: "XyZ")
        #expect(form?.fields["caption"] == "车间 东侧" && form?.files.count == 1)
        #expect(form?.files.first?.data == Data([1, 2, 3]))
        let cut = Array(body.readableBytesView.dropLast(12))
        #expect(MultipartForm.parse(cut, boundary: "XyZ") == nil)  // a dropped connection: nothing
        #expect(MultipartForm.boundary(of: "application/x-www-form-urlencoded") == nil)
    }
}
