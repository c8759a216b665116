public import Foundation
import HTTPTypes
public import Hummingbird
import Logging
import Mustache
public import ParkDeskCore
import ParkDeskHTTP
public import ParkDeskMedia
public import ParkDeskStore

/// The staff console under `/staff`: sign-in, today, the leads inbox, the lead page, the pipeline board, a phone
/// call typed in as a lead, the CSV export, the team, and the listings (from one line of text and a few photos to
/// a published listing), their bulk import and export, and the parks. Server-rendered (Mustache) in Chinese, usable
/// with JavaScript off; a little script of our own adds the live inbox, copying, dragging on the board and among a
/// listing's photos, and uploads with progress. Built on the same stores as the API and the CLI; every permission
/// comes from `Policy` through `ConsolePage`.
public struct StaffConsole: Sendable {
    public static let root = "/staff"

    let database: Database
    let media: MediaLibrary
    /// The public listing page of a listing, drafts too (the website renders it; the console does not know it).
    let preview: @Sendable (Listing) -> Response
    let pages: ConsolePages
    let cookie: SessionCookie
    let monitor: DatabaseMonitor
    /// The office's public URL, for the password links the team page shows.
    let publicURL: String
    /// How many days without a change make an open lead "untouched", and after how many listings expire.
    let untouchedDays = 3
    let expireDays: Int
    /// The most a form with files may carry.
    let uploadLimit: Int
    /// Each member's today figures, counted at most every 15 s (they count every open lead of the scope).
    let overviews = Kept<String, LeadOverview>(lifetime: .seconds(15), capacity: 1_000)
    /// The agents to assign to, read at most every 30 s (and again at once after a team change here).
    let agentChoices = Kept<KeptOnce, [StaffMember]>(lifetime: .seconds(30))
    /// The newest leads beside a lead page, per scope, read at most every 5 s.
    let sideLists = Kept<String, [Lead]>(lifetime: .seconds(5), capacity: 1_000)
    /// The listings list's counts per status, per filter, read at most every 10 s (forgotten when the console changes
    /// a listing's status or adds listings; an API or CLI change shows within 10 s).
    let listingCounts = Kept<ListingWorkFilter, [ListingStatus: Int]>(lifetime: .seconds(10), capacity: 1_000)

    /// Loads the templates and assets; `publicURL` decides the cookie's `Secure` and the links in messages.
    public init(
        database: Database, media: MediaLibrary, preview: @escaping @Sendable (Listing) -> Response, officeName: String,
        publicURL: String, monitor: DatabaseMonitor, expireDays: Int = 180, uploadLimit: Int = 21 * 1024 * 1024
    ) throws {
        guard let resources = Bundle.module.resourceURL else { throw CocoaError(.fileNoSuchFile) }
        let assets = try Assets(
            directory: resources.appendingPathComponent("Assets"), names: ["console.css", "console.js"],
            prefix: Self.root + "/assets/")
        pages = try ConsolePages(
            officeName: officeName, assets: assets, templates: resources.appendingPathComponent("Templates"))
        self.database = database
        self.media = media
        self.preview = preview
        self.uploadLimit = uploadLimit
        cookie = SessionCookie(secure: publicURL.lowercased().hasPrefix("https://"))
        self.publicURL = publicURL
        self.monitor = monitor
        self.expireDays = expireDays
    }

    /// Whether a path is the console's.
    public static func owns(path: String) -> Bool {
        path == root || path.hasPrefix(root + "/")
    }

    /// Adds every console route (`ConsolePage.allCases`); `clientAddress` names the browser for the sign-in throttle.
    public func addRoutes<Context: RequestContext>(
        to router: Router<Context>, clientAddress: @escaping @Sendable () -> String?
    ) {
        for page in ConsolePage.allCases {
            router.on(RouterPath(page.path), method: page.method) { request, context in
                await answer(page, request, context, address: clientAddress())
            }
        }
    }

    /// The console's page for an error status (403, 404, 503 …).
    public func errorPage(_ status: HTTPResponse.Status) -> Response {
        pages.error(status)
    }

    // MARK: - Dispatch

    func answer(
        _ page: ConsolePage, _ request: Request, _ context: some RequestContext, address: String?
    ) async -> Response {
        if page == .asset {
            return pages.assets.response(at: request.uri.path) ?? pages.error(.notFound)
        }
        let form: FormFields
        var files: [MultipartForm.File] = []
        if page.takesFiles, request.headers[.contentType].flatMap(MultipartForm.boundary(of:)) != nil {
            guard let upload = try? await MultipartForm.read(request, limit: uploadLimit) else {
                return pages.error(.badRequest, "上传的内容无法读取（连接中断或文件过大），请重新选择文件上传。")
            }
            (form, files) = (upload.fields, upload.files)
        } else if page.method == .post {
            guard let read = try? await FormFields.read(request, limit: 256 * 1024) else {
                return pages.error(.badRequest)
            }
            form = read.fields
        } else {
            form = FormFields(request.uri.query ?? "")
        }
        if page.method == .post, !SessionCookie.isSameOrigin(request) {
            return pages.error(.forbidden, "请求来源不符，已拒绝。")
        }
        if monitor.unavailableReason != nil { return pages.unavailable(kept: form, page: page) }
        do {
            if page.access == .anyone {
                return try await publicPage(page, request, form, address: address)
            }
            guard let visit = try await visit(request, form: form) else {
                if page.method == .get, page != .leadEvents {
                    return Self.redirect(
                        to: ConsolePage.signInForm.path + "?next=" + Self.encoded(request.uri.description))
                }
                return pages.error(.unauthorized, "请先登录。")
            }
            if page.method == .post {
                guard let token = form["_csrf"], SessionCookie.same(token, visit.csrf) else {
                    return pages.error(.forbidden, "表单已过期或来源不明，请返回刷新后重试。", visit: visit)
                }
            }
            guard page.allows(visit.member.role) else {
                return pages.error(.forbidden, "您的角色（\(visit.member.role.label)）无权使用此功能。", visit: visit)
            }
            return try await signedInPage(page, request, context, form, visit, files: files)
        } catch {
            return failure(error, page: page, form: form, context: context)
        }
    }

    /// An error as a page: a missing thing 404, a forbidden one 403, the database away 503 with what was typed.
    func failure(_ error: any Error, page: ConsolePage, form: FormFields, context: some RequestContext) -> Response {
        switch DatabaseFault.named(error) {
        case is NotFound: return pages.error(.notFound)
        case let forbidden as Forbidden: return pages.error(.forbidden, forbidden.message)
        case let fault as DatabaseFault:
            context.logger.warning("Console page without its database", metadata: ["fault": "\(fault)"])
            return pages.unavailable(kept: form, page: page)
        default:
            context.logger.error("Console page failed", metadata: ["error": "\(String(reflecting: error))"])
            return pages.error(.internalServerError)
        }
    }

    /// The signed-in member of a request, with their session id and CSRF token.
    func visit(_ request: Request, form: FormFields) async throws -> Visit? {
        guard let id = cookie.sessionID(in: request), let session = try await database.sessions.session(id) else {
            return nil
        }
        return Visit(
            member: session.member, sessionID: id, csrf: SessionCookie.csrfToken(for: id), path: request.uri.path)
    }

    /// The agents to assign leads to (`agentChoices`).
    func agents() async throws -> [StaffMember] {
        let staff = database.staff
        return try await agentChoices.value(orRead: { try await staff.agents() })
    }

    static func redirect(to location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    static func encoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// A signed-in request: who, and the token its forms carry.
struct Visit: Sendable {
    let member: StaffMember
    let sessionID: String
    let csrf: String
    let path: String

    var actor: String { member.actor }
}

/// A member asking for an object the policy does not give them (another park's lead, someone else's lead to move).
struct Forbidden: Error {
    let message: String
}
