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

@testable import ParkDeskAPI
@testable import ParkDeskConsole

/// The staff console (issue 31): every route × every role from the policy, the objects of another member or
/// another park, sessions, the CSRF and origin checks, passwords and the sign-in throttle.
@Suite struct StaffConsoleTests {
    /// A database with an office admin, two agents, a member of 湘潭天易经开区 and two leads: wang's, naming 天易,
    /// and li's, naming 湘潭经开区.
    struct World: Sendable {
        let fixture: APIFixture
        let office, wang, li, tianyi: StaffMember
        let wangsLead, lisLead: String

        static func make(_ prefix: String) async throws -> World {
            let f = try await APIFixture.make(prefix)
            return try await f.stores { database in
                let staff = database.staff
                let office = try await staff.add(login: "office", displayName: "办公室", role: .admin, actor: "test")
                let wang = try await staff.add(login: "wang", displayName: "王芳", role: .agent, actor: "test")
                let li = try await staff.add(login: "li", displayName: "李强", role: .agent, actor: "test")
                let tianyi = try await staff.add(
                    login: "tianyi", displayName: "天易园区", role: .park, parks: ["湘潭天易经开区"], actor: "test")
                func lead(_ mobile: String, park: String, agent: String) async throws -> String {
                    var draft = LeadDraft()
                    draft.source = .hotline
                    draft.contactName = "赵总"
                    draft.mobile = mobile
                    draft.parks = [park]
                    let capture = try await database.leads.capture(
                        try draft.validated(), arrival: .init(actor: "test", audited: true))
                    _ = try await database.leads.assign(ref: capture.ref, to: agent, actor: "test")
                    return capture.ref
                }
                return World(
                    fixture: f, office: office, wang: wang, li: li, tianyi: tianyi,
                    wangsLead: try await lead("13900000001", park: "湘潭天易经开区", agent: "wang"),
                    lisLead: try await lead("13900000002", park: "湘潭经开区", agent: "li"))
            }
        }

        /// A fresh session's cookie and CSRF token for `member`.
        func session(_ member: StaffMember) async throws -> (cookie: String, csrf: String) {
            let id = try await fixture.stores {
                try await $0.sessions.start(member: member, clientIP: nil, userAgent: "t")
            }
            return ("parkdesk_staff=" + id, SessionCookie.csrfToken(for: id))
        }

        func member(_ role: StaffRole) -> StaffMember {
            switch role {
            case .admin: office
            case .agent: wang
            case .park: tianyi
            }
        }
    }

    struct Answer {
        let status: HTTPResponse.Status
        let location: String?
        let body: String
        let setCookie: String?
    }

    static func send(
        _ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, cookie: String? = nil,
        form: String? = nil, headers extra: HTTPFields = [:]
    ) async throws -> Answer {
        var headers: HTTPFields = [.accept: "text/html"]
        if let cookie { headers[.cookie] = cookie }
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        headers.append(contentsOf: extra)
        return try await client.execute(
            uri: path, method: method, headers: headers, body: form.map { ByteBuffer(string: $0) }
        ) { response in
            Answer(
                status: response.status, location: response.headers[.location], body: String(buffer: response.body),
                setCookie: response.headers[.setCookie])
        }
    }

    /// Who may open each page, written out here apart from `ConsolePage.access`: a page added without a line here
    /// fails the test, and a rule changed in one place only fails it too.
    static let expected: [ConsolePage: Set<StaffRole>?] = [
        .signInForm: nil, .signIn: nil, .passwordForm: nil, .setPassword: nil, .asset: nil,
        .signOut: [.admin, .agent, .park], .signOutEverywhere: [.admin, .agent, .park],
        .today: [.admin, .agent, .park], .inbox: [.admin, .agent, .park], .leadEvents: [.admin, .agent, .park],
        .board: [.admin, .agent, .park], .lead: [.admin, .agent, .park],
        .callForm: [.admin, .agent, .park], .callSave: [.admin, .agent, .park],
        .leadStatus: [.admin, .agent, .park], .leadNote: [.admin, .agent, .park],
        .bulkAssign: [.admin], .leadAssign: [.admin], .export: [.admin], .leadMerge: [.admin], .leadErase: [.admin],
        .team: [.admin], .teamAdd: [.admin], .teamLink: [.admin], .teamDisable: [.admin],
        .listings: [.admin, .agent, .park], .listingExport: [.admin, .agent, .park], .listing: [.admin, .agent, .park],
        .listingPreview: [.admin, .agent, .park], .mediaOriginal: [.admin, .agent, .park],
        .listingNew: [.admin, .agent, .park], .listingCreate: [.admin, .agent, .park],
        .listingImportForm: [.admin, .agent, .park], .listingImport: [.admin, .agent, .park],
        .listingSave: [.admin, .agent, .park], .listingStatus: [.admin, .agent, .park],
        .listingUpload: [.admin, .agent, .park], .listingMedia: [.admin, .agent, .park],
        .parks: [.admin], .parkSave: [.admin],
        .reports: [.admin, .agent], .reportWorkbook: [.admin, .agent], .reportCSV: [.admin, .agent],
    ]

    @Test func everyConsoleRouteAnswersEveryRoleAsThePolicySays() async throws {
        let world = try await World.make("console_matrix")
        let spare = try await world.fixture.stores {
            try await $0.staff.add(login: "spare", displayName: "备用", role: .agent, actor: "test")
        }
        try await world.fixture.test { client in
            for page in ConsolePage.allCases {
                guard let allowed = Self.expected[page] else {
                    Issue.record("no expectation for \(page) (\(page.path))")
                    continue
                }
                let path =
                    page.path.replacingOccurrences(of: ":ref", with: world.wangsLead)
                    + (page == .leadEvents ? "?seconds=1" : "")
                    .replacingOccurrences(of: ":login", with: spare.login)
                    .replacingOccurrences(of: ":file", with: "console.css")
                // a post that changes nothing much: no status, no note, the lead to its own agent, not disabling
                let form = page.method == .post ? "agent=wang&disable=0" : nil
                let anonymous = try await Self.send(client, page.method, path, form: form)
                if allowed == nil {
                    #expect(![.forbidden, .internalServerError].contains(anonymous.status), "\(page) anonymous")
                    continue
                }
                let signInFirst =
                    anonymous.status == .unauthorized
                    || (anonymous.status == .seeOther && anonymous.location?.hasPrefix("/staff/sign-in") == true)
                #expect(signInFirst, "\(page) anonymous: \(anonymous.status)")
                for role in StaffRole.allCases {
                    let (cookie, csrf) = try await world.session(world.member(role))
                    let answer = try await Self.send(
                        client, page.method, path, cookie: cookie, form: form.map { $0 + "&_csrf=" + csrf })
                    if page == .signOut || page == .signOutEverywhere {
                        #expect(answer.location == "/staff/sign-in", "\(page) as \(role): \(answer.status)")
                    } else if allowed?.contains(role) == true {
                        #expect(
                            ![.unauthorized, .forbidden].contains(answer.status) && answer.status.code < 500
                                && answer.location?.hasPrefix("/staff/sign-in") != true,
                            "\(page) as \(role): \(answer.status)")
                    } else {
                        #expect(answer.status == .forbidden, "\(page) as \(role): \(answer.status)")
                    }
                }
            }
        }
    }

    @Test func anotherMembersOrAnotherParksLeadIsOutOfReach() async throws {
        let world = try await World.make("console_objects")
        try await world.fixture.test { client in
            let park = try await world.session(world.tianyi)
            #expect(
                try await Self.send(client, .get, "/staff/leads/" + world.lisLead, cookie: park.cookie).status
                    == .forbidden)
            let own = try await Self.send(client, .get, "/staff/leads/" + world.wangsLead, cookie: park.cookie)
            #expect(own.status == .ok && own.body.contains("tel:13900000001"))
            let parkInbox = try await Self.send(client, .get, "/staff/leads", cookie: park.cookie)
            #expect(parkInbox.body.contains(world.wangsLead) && !parkInbox.body.contains(world.lisLead))
            let note = "_csrf=\(park.csrf)&note=%E6%9D%A5%E8%AE%BF"
            #expect(
                try await Self.send(
                    client, .post, "/staff/leads/\(world.lisLead)/note", cookie: park.cookie, form: note
                )
                .status == .forbidden)

            let wang = try await world.session(world.wang)
            let others = try await Self.send(client, .get, "/staff/leads/" + world.lisLead, cookie: wang.cookie)
            #expect(others.status == .ok && !others.body.contains("13900000002") && others.body.contains("139****0002"))
            let move = "_csrf=\(wang.csrf)&status=contacted"
            #expect(
                try await Self.send(
                    client, .post, "/staff/leads/\(world.lisLead)/status", cookie: wang.cookie, form: move
                )
                .status == .forbidden)
            let moved = try await Self.send(
                client, .post, "/staff/leads/\(world.wangsLead)/status", cookie: wang.cookie, form: move)
            #expect(moved.status == .seeOther)
            #expect(
                try await Self.send(client, .get, "/staff/leads/LD-2026-999999", cookie: wang.cookie).status
                    == .notFound)
            #expect(try await Self.send(client, .get, "/staff/leads/../team", cookie: wang.cookie).status != .ok)
        }
    }

    @Test func aPostNeedsItsSessionsCSRFTokenAndOurOrigin() async throws {
        let world = try await World.make("console_csrf")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let other = try await world.session(world.li)
            let path = "/staff/leads/\(world.wangsLead)/note"
            for form in ["note=x", "note=x&_csrf=", "note=x&_csrf=\(other.csrf)"] {
                #expect(
                    try await Self.send(client, .post, path, cookie: office.cookie, form: form).status == .forbidden)
            }
            let good = "note=%E5%B7%B2%E8%81%94%E7%B3%BB&_csrf=\(office.csrf)"
            let foreign = try await Self.send(
                client, .post, path, cookie: office.cookie, form: good, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(try await Self.send(client, .post, path, cookie: office.cookie, form: good).status == .seeOther)
            let count = try await world.fixture.count("SELECT count(*)::int FROM lead_notes")
            #expect(count == 1)
        }
    }

    @Test func signingInMakesANewSessionAndSigningOutEndsIt() async throws {
        let world = try await World.make("console_sessions")
        let link = try await world.fixture.stores { try await $0.staff.passwordLink(for: "wang", actor: "test") }
        try await world.fixture.test { client in
            #expect(try await Self.send(client, .get, "/staff/password?token=nope").status == .notFound)
            let short = try await Self.send(
                client, .post, "/staff/password", form: "token=\(link)&password=short&password2=short")
            #expect(short.status == .unprocessableContent && short.body.contains("至少 10 个字符"))
            let set = try await Self.send(
                client, .post, "/staff/password",
                form: "token=\(link)&password=long+enough+1&password2=long+enough+1")
            #expect(set.status == .seeOther && set.location == "/staff")
            let cookie = try #require(set.setCookie)
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure") && cookie.hasPrefix("parkdesk_staff="))
            #expect(try await Self.send(client, .get, "/staff/password?token=\(link)").status == .notFound)

            // fixation: a session the browser already had is not the one it gets
            let planted = try await world.session(world.wang)
            let signIn = try await Self.send(
                client, .post, "/staff/sign-in", cookie: planted.cookie,
                form: "login=WANG&password=long+enough+1&next=/staff/leads")
            #expect(signIn.status == .seeOther && signIn.location == "/staff/leads")
            let fresh = try #require(signIn.setCookie?.split(separator: ";").first.map(String.init))
            #expect(fresh != planted.cookie)
            #expect(try await Self.send(client, .get, "/staff", cookie: planted.cookie).status == .seeOther)
            #expect(try await Self.send(client, .get, "/staff", cookie: fresh).status == .ok)
            let offsite = try await Self.send(
                client, .post, "/staff/sign-in", form: "login=wang&password=long+enough+1&next=//evil.example/x")
            #expect(offsite.location == "/staff")

            let csrf = SessionCookie.csrfToken(for: String(fresh.dropFirst("parkdesk_staff=".count)))
            let out = try await Self.send(client, .post, "/staff/sign-out", cookie: fresh, form: "_csrf=\(csrf)")
            #expect(out.status == .seeOther && out.setCookie?.contains("Max-Age=0") == true)
            #expect(try await Self.send(client, .get, "/staff", cookie: fresh).status == .seeOther)
        }
        let audited = try await world.fixture.count(
            "SELECT count(*)::int FROM audit_log WHERE action IN ('staff.sign-in', 'staff.sign-out', 'staff.password')")
        // the password (1), sign-ins: after the password, the planted session, two posts (4), the sign-out (1)
        #expect(audited == 6)
    }

    @Test func sessionsEndWhenIdleOldEverywhereOrDisabled() async throws {
        let world = try await World.make("console_expiry")
        try await world.fixture.stores { database in
            let sessions = database.sessions
            let idle = try await sessions.start(member: world.wang, clientIP: "127.0.0.1", userAgent: nil)
            let old = try await sessions.start(member: world.wang, clientIP: nil, userAgent: nil)
            let live = try await sessions.start(member: world.wang, clientIP: nil, userAgent: nil)
            try await world.fixture.database { client in
                try await client.query(
                    """
                    UPDATE staff_sessions SET last_seen_at = now() - interval '8 hours 1 minute'
                    WHERE id_hash = sha256(convert_to(\(idle), 'UTF8'))
                    """)
                try await client.query(
                    """
                    UPDATE staff_sessions SET created_at = now() - interval '7 days 1 minute'
                    WHERE id_hash = sha256(convert_to(\(old), 'UTF8'))
                    """)
            }
            #expect(try await sessions.session(idle)?.member == nil)
            #expect(try await sessions.session(old)?.member == nil)
            #expect(try await sessions.session(live)?.member.login == "wang")
            let report = try await database.maintenance.run(MaintenancePolicy(), actor: "test")
            #expect(report?.staffSessions == 2)
            #expect(try await sessions.session("x")?.member == nil)
            #expect(try await sessions.endAll(member: world.wang) == 1)  // housekeeping took the other two
            #expect(try await sessions.session(live)?.member == nil)
            let again = try await sessions.start(member: world.li, clientIP: nil, userAgent: nil)
            _ = try await database.staff.setDisabled(login: "li", true, actor: "test")
            #expect(try await sessions.session(again)?.member == nil)
            #expect(try await database.staff.credentials(login: "li")?.member == nil)
        }
    }

    @Test func theInboxSearchFindsNamesAndMobileDigitsInAnyGrouping() async throws {
        let world = try await World.make("console_search")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            func found(_ query: String) async throws -> (Bool, Bool) {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let page = try await Self.send(client, .get, "/staff/leads?q=" + encoded, cookie: office.cookie)
                #expect(page.status == .ok)
                return (page.body.contains(world.wangsLead), page.body.contains(world.lisLead))
            }
            #expect(try await found("赵") == (true, true))
            #expect(try await found("赵总") == (true, true))
            #expect(try await found("钱") == (false, false))
            #expect(try await found("139 0000 0001") == (true, false))
            #expect(try await found("0002") == (false, true))
            #expect(try await found("100%_") == (false, false))
            let long = try await Self.send(
                client, .get, "/staff/leads?q=" + String(repeating: "a", count: 61), cookie: office.cookie)
            #expect(long.status == .ok && long.body.contains("筛选条件有误"))
        }
    }

    @Test func theInboxShowsLeadsWaitingForAnAgentFirstToThoseWhoAssign() async throws {
        let world = try await World.make("console_waiting")
        let waiting = try await world.fixture.stores { database in
            var draft = LeadDraft()
            draft.source = .wechat
            draft.contactName = "孙经理"
            draft.mobile = "13900000003"
            return try await database.leads.capture(try draft.validated(), arrival: .init(actor: "t", audited: true))
                .ref
        }
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let inbox = try await Self.send(client, .get, "/staff/leads", cookie: office.cookie)
            let top = try #require(inbox.body.range(of: "待分配"))
            let all = try #require(inbox.body.range(of: "id=\"rows\""))
            #expect(inbox.body[top.upperBound..<all.lowerBound].contains(waiting))
            #expect(!inbox.body[top.upperBound..<all.lowerBound].contains(world.wangsLead))
            let filtered = try await Self.send(client, .get, "/staff/leads?status=new", cookie: office.cookie)
            #expect(!filtered.body.contains("待分配"))
            let wang = try await world.session(world.wang)
            #expect(!(try await Self.send(client, .get, "/staff/leads", cookie: wang.cookie)).body.contains("待分配"))
        }
    }

    @Test func theExportFollowsTheInboxFiltersAndIsAudited() async throws {
        let world = try await World.make("console_export")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let csv = try await Self.send(client, .get, "/staff/leads.csv?agent=wang", cookie: office.cookie)
            #expect(csv.status == .ok && csv.body.contains(world.wangsLead) && !csv.body.contains(world.lisLead))
            #expect(csv.body.contains("139 0000 0001"))
        }
        let audited = try await world.fixture.count(
            "SELECT count(*)::int FROM audit_log WHERE action = 'lead.export' AND actor = 'staff:office'")
        #expect(audited == 1)
    }

    /// With the database away the console answers its own 503 page, and a note typed for a lead is shown back.
    @Test func theDatabaseAwayGivesTheConsoles503WithTheTypedNote() async throws {
        let client = PostgresClient(configuration: DatabaseFaultTests.absent, backgroundLogger: TestDatabase.logger)
        let app = try buildApplication(
            configuration: .init(port: 0), pool: DatabasePool(client: client),
            migrator: Migrator(logger: TestDatabase.logger), migrateOnStart: false, logger: TestDatabase.logger)
        try await app.test(.router) { client in
            while try await Self.send(client, .get, "/readyz").status != .serviceUnavailable {
                try await Task.sleep(for: .seconds(0.2))
            }
            let note = "王总下周三来看厂房，带技术负责人"
            let encoded = note.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let away = try await Self.send(
                client, .post, "/staff/leads/LD-2026-000001/note",
                cookie: "parkdesk_staff=" + String(repeating: "a", count: 43),
                form: "_csrf=x&note=\(encoded)")
            #expect(away.status == .serviceUnavailable && away.body.contains(note) && away.body.contains("未丢失"))
            let line = "易俗河重工厂房4000平米独栋单层出租"
            let typed = line.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let listing = try await Self.send(
                client, .post, "/staff/listings/new", cookie: "parkdesk_staff=" + String(repeating: "a", count: 43),
                form: "_csrf=x&action=save&line=\(typed)")
            #expect(listing.status == .serviceUnavailable && listing.body.contains(line))
            let page = try await Self.send(client, .get, "/staff/leads")
            #expect(page.status == .serviceUnavailable && page.body.contains("系统暂时不可用"))
        }
    }

    @Test func aSecureOfficeGetsAHostPrefixedSecureCookie() {
        let cookie = SessionCookie(secure: true)
        let set = cookie.setting("abc")
        #expect(set.hasPrefix("__Host-parkdesk_staff=abc;") && set.contains("; Secure") && set.contains("; Path=/"))
        #expect(!set.contains("Domain"))
        #expect(SessionCookie(secure: false).setting("abc").hasPrefix("parkdesk_staff=abc;"))
        #expect(SessionCookie.csrfToken(for: "a") != SessionCookie.csrfToken(for: "b"))
        #expect(SessionCookie.csrfToken(for: "a").count == 40)
    }

    @Test func passwordsAreBcryptAtCostTwelve() async {
        let hash = await Passwords.hash("长城长城长城长城长城")
        #expect(hash.hasPrefix("$2b$12$") && hash.count == 60)
        #expect(await Passwords.verify("长城长城长城长城长城", hash: hash))
        #expect(!(await Passwords.verify("长城长城长城长城长", hash: hash)))
        #expect(!(await Passwords.verify("anything", hash: nil)))
        #expect(Passwords.problem("short", repeated: "short") != nil)
        #expect(
            Passwords.problem(String(repeating: "长", count: 25), repeated: String(repeating: "长", count: 25)) != nil)
        #expect(Passwords.problem("long enough 1", repeated: "long enough 2") == "两次输入的密码不一致")
        #expect(Passwords.problem("long enough 1", repeated: "long enough 1") == nil)
    }

    @Test func wrongPasswordsThrottleTheAccountAndTheAddressAlike() async throws {
        let world = try await World.make("console_throttle")
        try await world.fixture.test { client in
            var statuses: [HTTPResponse.Status] = []
            for attempt in 1...5 {
                let answer = try await Self.send(
                    client, .post, "/staff/sign-in", form: "login=wang&password=wrong-\(attempt)")
                statuses.append(answer.status)
                #expect(answer.body.contains("登录名或密码不正确"))
            }
            #expect(statuses.allSatisfy { $0 == .unauthorized })
            // four more failures make the wait 16 s: long enough for the next try to be refused on a busy machine too
            // (the first waits, 1 s and 2 s, may pass while a slow machine hashes and answers)
            try await world.fixture.stores { database in
                for _ in 1...4 {
                    try await database.signInThrottle.failed(SignInThrottle.keys(login: "wang", address: nil))
                }
            }
            let refused = try await Self.send(client, .post, "/staff/sign-in", form: "login=wang&password=wrong-6")
            #expect(refused.status == .tooManyRequests && refused.body.contains("秒后再试"))
            // an unknown login answers exactly alike
            let unknown = try await Self.send(client, .post, "/staff/sign-in", form: "login=nobody&password=x")
            #expect(unknown.body.contains("登录名或密码不正确"))
        }
        try await world.fixture.stores { database in
            let throttle = database.signInThrottle
            let keys = SignInThrottle.keys(login: "li", address: "10.0.0.9")
            for _ in 1..<SignInThrottle.freeFailures { try await throttle.failed(keys) }
            #expect(try await throttle.wait(keys) == 0)
            try await throttle.failed(keys)
            #expect(try await throttle.wait(keys) >= 1)
            #expect(try await throttle.wait(SignInThrottle.keys(login: "other", address: "10.0.0.9")) >= 1)
            try await throttle.succeeded(login: "li")
            #expect(try await throttle.wait(SignInThrottle.keys(login: "li", address: nil)) == 0)
        }
    }

    @Test func aCallBecomesTheAgentsLeadWithTheNoteAsItsNeed() async throws {
        let world = try await World.make("console_call")
        try await world.fixture.test { client in
            let wang = try await world.session(world.wang)
            let note = "王总，做工程机械的，要3000到5000平，行车10吨，手机13700001111"
            let encoded = note.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let parsed = try await Self.send(
                client, .post, "/staff/call", cookie: wang.cookie,
                form: "_csrf=\(wang.csrf)&action=parse&callText=\(encoded)")
            #expect(parsed.status == .ok && parsed.body.contains("value=\"3000\"") && parsed.body.contains("<mark"))
            let missing = try await Self.send(
                client, .post, "/staff/call", cookie: wang.cookie,
                form: "_csrf=\(wang.csrf)&action=save&callText=\(encoded)&minArea=abc")
            #expect(missing.status == .unprocessableContent && missing.body.contains("面积请填写正数"))
            #expect(missing.body.contains(note))
            let saved = try await Self.send(
                client, .post, "/staff/call", cookie: wang.cookie,
                form:
                    "_csrf=\(wang.csrf)&action=save&callText=\(encoded)&mobile=13700001111"
                    + "&contactName=%E7%8E%8B%E6%80%BB&minArea=3000"
            )
            #expect(saved.status == .seeOther)
            let ref = String(saved.location?.split(separator: "/").last ?? "")
            let lead = try await world.fixture.stores { try await $0.leads.find(ref: ref) }
            #expect(lead.assignee == "wang" && lead.fields.needText == note && lead.fields.source == .hotline)
        }
    }

    @Test func aStaleStatusMoveSaysSoAndShowsBothValues() async throws {
        let world = try await World.make("console_conflict")
        try await world.fixture.test { client in
            let office = try await world.session(world.office)
            let page = try await Self.send(client, .get, "/staff/leads/" + world.wangsLead, cookie: office.cookie)
            #expect(page.body.contains("name=\"version\""))
            _ = try await world.fixture.stores {
                try await $0.leads.changeStatus(ref: world.wangsLead, to: .contacted, reason: nil, actor: "test")
            }
            let stale = try await Self.send(
                client, .post, "/staff/leads/\(world.wangsLead)/status", cookie: office.cookie,
                form: "_csrf=\(office.csrf)&status=junk&reason=x&version=1&from=new")
            #expect(stale.status == .conflict && stale.body.contains("已联系") && stale.body.contains("无效"))
            let noReason = try await Self.send(
                client, .post, "/staff/leads/\(world.wangsLead)/status", cookie: office.cookie,
                form: "_csrf=\(office.csrf)&status=lost&from=contacted")
            #expect(noReason.status == .unprocessableContent && noReason.body.contains("需要填写原因"))
        }
    }

    @Test func everyAdminOperationAnswersEveryRoleAsThePolicySays() async throws {
        let world = try await World.make("api_matrix")
        let paths = OpenAPIContract.document["paths"] as? [String: [String: Any]] ?? [:]
        var documented: Set<String> = []
        for (path, operations) in paths where path.hasPrefix("/api/v1/admin") {
            for (method, operation) in operations {
                guard let id = (operation as? [String: Any])?["operationId"] as? String else { continue }
                documented.insert(method.uppercased() + " " + path + " " + id)
            }
        }
        let ruled = Set(OperationPermissions.rules.map { "\($0.method.rawValue) \($0.path) \($0.operation)" })
        #expect(documented == ruled)
        #expect(documented.count >= 25)
        var tokens: [StaffRole: String] = [:]
        for role in StaffRole.allCases {
            tokens[role] = try await world.fixture.stores {
                try await $0.tokens.create(
                    name: "t-\(role.rawValue)", role: .agent, staff: world.member(role).login, actor: "t"
                )
                .secret
            }
        }
        let secrets = tokens
        try await world.fixture.test { client in
            for rule in OperationPermissions.rules {
                let path = rule.path.replacingOccurrences(of: "{ref}", with: "XT-2026-999999")
                    .replacingOccurrences(of: "{leadRef}", with: "LD-2026-999999")
                    .replacingOccurrences(of: "{position}", with: "0").replacingOccurrences(of: "{id}", with: "99999")
                    .replacingOccurrences(of: "{sha256}", with: String(repeating: "a", count: 64))
                for role in StaffRole.allCases {
                    let status = try await client.execute(
                        uri: path, method: rule.method,
                        headers: [.authorization: "Bearer " + (secrets[role] ?? ""), .contentType: "application/json"],
                        body: ByteBuffer(string: "{}")
                    ) { $0.status }
                    if Policy.allows(role, rule.permission) {
                        #expect(
                            ![.unauthorized, .forbidden].contains(status), "\(rule.operation) as \(role): \(status)")
                    } else {
                        #expect(status == .forbidden, "\(rule.operation) as \(role): \(status)")
                    }
                }
            }
        }
    }
}
