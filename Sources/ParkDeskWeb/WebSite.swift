import ParkDeskHTTP
import Foundation
public import HTTPTypes
public import Hummingbird
import Logging
public import ParkDeskMedia
import ParkDeskCore
public import ParkDeskStore
public import ParkDeskIntake
import Synchronization

/// The office's public website, served by `parkdesk serve` next to the API: home, search results, listing and
/// park pages, the inquiry form, the privacy notice, sitemap and robots. Pages come from the same stores and
/// the same lead intake as the API; nothing here calls our own HTTP API. A page never throws: a missing thing
/// is a friendly 404/410, a database away a 503 page with the hotline, and a form keeps what was typed.
public struct WebSite: Sendable {
    /// The stores pages read from (the read replica while it is in use).
    let reads: PublicReads
    let similarListings: SimilarListings
    let intake: LeadIntake
    let media: MediaLibrary
    let office: Office
    let pages: Pages
    let assets: Assets
    let renderedListings = RenderedListings()
    let renderedCards = RenderedCards()
    let renderedHome = RenderedPages<HomeView>()
    let renderedResults = RenderedPages<ResultsView>()
    let formKeys: FormKeys
    /// Whether the database is known to be away: then pages answer at once instead of waiting for it.
    let monitor: DatabaseMonitor
    /// How long a posted form may wait for the database before it comes back with what was typed (within the
    /// request deadline, so that the visitor gets the form, not a bare error page).
    let formDeadline: Duration

    /// Loads the templates and assets from the package's resources.
    public init(
        database: Database, reads: PublicReads, intake: LeadIntake, media: MediaLibrary, office: Office,
        monitor: DatabaseMonitor, requestDeadline: Duration
    ) throws {
        guard let resources = Bundle.module.resourceURL else { throw CocoaError(.fileNoSuchFile) }
        assets = try Assets(
            directory: resources.appendingPathComponent("Assets"),
            names: ["site.css", "site.js", "icon.svg", "share.png"], prefix: "/assets/")
        pages = try Pages(
            office: office, assets: assets, templates: resources.appendingPathComponent("Templates"))
        self.reads = reads
        formKeys = FormKeys(secrets: database.secrets)
        similarListings = SimilarListings(search: reads.search)
        self.intake = intake
        self.media = media
        self.office = office
        self.monitor = monitor
        formDeadline = max(requestDeadline - .seconds(1), requestDeadline / 2)
    }

    /// A public search's page as cards (kept per listing version).
    func cards(_ query: ListingQuery) async throws -> RenderedCards.Page {
        try await search.read { try await renderedCards.page(query, search: $0, render: card) }
    }

    /// Plain public searches' cards, read in one statement.
    func cards(of queries: [ListingQuery]) async throws -> [RenderedCards.Cards] {
        try await search.read { try await renderedCards.pages(queries, search: $0, render: card) }
    }

    /// A listing's card as the `card` template renders it.
    func card(_ summary: ListingSummary) -> String {
        pages.fragment("card", ListingCard(summary))
    }

    var listings: Routed<ListingStore> { reads.listings }
    var search: Routed<ListingSearch> { reads.search }
    var places: Routed<PlaceStore> { reads.places }

    /// The page for an error status (404, 405, 413, 500, 503 …).
    public func errorPage(_ status: HTTPResponse.Status) -> Response {
        let (title, text): (String, String) =
            switch status.code {
            case 404: ("页面不存在", "您访问的页面不存在或已删除。")
            case 503: ("系统繁忙", "系统暂时繁忙，请稍后再试，或直接拨打产业招商热线。")
            case 500..<600: ("出错了", "服务器出现问题，请稍后再试，或直接拨打产业招商热线。")
            default: ("请求有误", "无法处理这个请求。")
            }
        let meta = PageMeta(title: title, description: text, path: "/", noindex: true)
        return pages.render("error", meta, ErrorView(title: title, text: text, code: status.code), status: status)
    }

    struct ErrorView: Sendable {
        let title, text: String
        let code: Int
    }

    /// Adds the site's routes; `clientAddress` names the visitor for the inquiry rate limit.
    public func addRoutes<Context: RequestContext>(
        to router: Router<Context>, clientAddress: @escaping @Sendable () -> String?
    ) {
        router.get("/") { _, context in await page(context) { try await home() } }
        router.get("/listings") { request, context in
            await page(context) { try await results(FormFields(request.uri.query ?? "")) }
        }
        router.get("/listings/:ref") { _, context in
            await page(context) { try await listing(context.parameters.get("ref") ?? "") }
        }
        router.get("/parks") { _, context in await page(context) { try await parkList() } }
        router.get("/parks/:id") { _, context in
            await page(context) { try await park(context.parameters.get("id") ?? "") }
        }
        router.get("/inquiry") { request, context in
            await page(context) { try await inquiryPage(FormFields(request.uri.query ?? "")) }
        }
        router.post("/inquiry") { request, context in
            let body = try await FormFields.read(request, limit: Self.formLimit)
            return await form(context) {
                try await submit(body.fields, clientAddress: clientAddress(), complete: body.complete)
            }
        }
        router.get("/inquiry/thanks") { request, _ in await thanks(FormFields(request.uri.query ?? "")) }
        router.get("/privacy") { _, _ in privacy() }
        router.get("/robots.txt") { _, _ in robots() }
        router.get("/sitemap.xml") { _, context in await page(context) { try await sitemap() } }
        router.get("/assets/:file") { request, _ in asset(request.uri.path) }
        router.get("/media/:file") { request, context in
            mediaFile(context.parameters.get("file") ?? "", request.headers)
        }
    }

    /// The most a posted form may hold; what is beyond it is read and dropped, and the form comes back (413).
    static let formLimit = 64 * 1024

    /// Runs a page's work; errors become the friendly pages.
    func page(_ context: some RequestContext, _ body: () async throws -> Response) async -> Response {
        if monitor.unavailableReason != nil { return errorPage(.serviceUnavailable) }
        do {
            return try await body()
        } catch {
            switch DatabaseFault.named(error) {
            case is NotFound:
                return errorPage(.notFound)
            case let fault as DatabaseFault:
                context.logger.warning("Page without its database", metadata: ["fault": "\(fault)"])
                return errorPage(.serviceUnavailable)
            default:
                context.logger.error("Page failed", metadata: ["error": "\(String(reflecting: error))"])
                return errorPage(.internalServerError)
            }
        }
    }

    /// Runs a posted form's work; it answers for the database itself (the form comes back with what was typed).
    func form(_ context: some RequestContext, _ body: () async throws -> Response) async -> Response {
        do {
            return try await body()
        } catch {
            context.logger.error("Form failed", metadata: ["error": "\(String(reflecting: error))"])
            return errorPage(.internalServerError)
        }
    }

    /// The districts (reference data from the migrations, kept by the store).
    func districts() async throws -> [District] {
        try await places.read { try await $0.districts() }
    }

    func asset(_ path: String) -> Response {
        assets.response(at: path) ?? errorPage(.notFound)
    }
}
