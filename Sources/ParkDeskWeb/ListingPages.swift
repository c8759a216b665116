import ParkDeskHTTP
import Foundation
import HTTPTypes
public import Hummingbird
public import ParkDeskCore
import ParkDeskStore

/// Home, search results, listing and park pages.
extension WebSite {
    struct HomeView: Sendable, Hashable {
        let kinds, districts: [Choice]
        let newest, cranes: RenderedCards.Cards
        let parks: [ParkCard]
    }

    struct ParkCard: Sendable, Hashable {
        let url, name, district: String
        let listings: Int
        let address: String

        init(_ park: Park) {
            url = "/parks/\(park.id)"
            name = park.name
            district = park.district
            listings = park.activeListings
            address = park.address
        }
    }

    func home() async throws -> Response {
        var newest = ListingQuery()
        newest.limit = 6
        var cranes = ListingQuery()
        cranes.limit = 3
        cranes.minCraneTons = 10
        let form = SearchForm(fields: FormFields(""))
        async let cards = cards(of: [newest, cranes])
        async let parks = places.read { try await $0.publicParkList() }
        let (newestCards, craneCards) = try await (cards[0], cards[1])
        let view = HomeView(
            kinds: form.kinds(nil), districts: form.districts(try await districts(), nil),
            newest: newestCards, cranes: craneCards, parks: try await parks.prefix(8).map(ParkCard.init))
        let meta = PageMeta(
            title: "厂房·仓库·土地租售",
            description: "\(office.name)：湘潭、郴州的厂房、仓库、工业用地与土地流转信息，产业招商热线 \(office.hotline)。",
            path: "/")
        return pages.response(renderedHome.html(view, path: meta.path) { pages.html("home", meta, view) })
    }

    struct ResultsView: Sendable, Hashable {
        let q: String?
        let kinds, deals, districts, sorts, features: [Choice]
        let fields: [String: String]
        let landInMu, standalone, singleStorey: Bool
        let results: RenderedCards.Cards
        let nextPage: String?
        let empty, filtered: Bool
        let problems: [String]
        /// What the search text was read as, each removable; the readings removed, each to bring back; the words
        /// still matched as keywords.
        let chips, removed: [SearchForm.Chip]
        let hasChips: Bool
        let keywords: String?
        let drops: [String]
        /// "共 12 套", "20 套以上".
        let found: String?
    }

    func results(_ fields: FormFields) async throws -> Response {
        let form = SearchForm(fields: fields)
        var page = RenderedCards.Page.none
        var problems: [String] = []
        var query = ListingQuery()
        do {
            query = try form.input().query(
                publicOnly: true, parser: try await places.read { try await $0.textParser() })
            query.facetsWithinPage = true
            page = try await cards(query)
        } catch let invalid as ValidationFailed {
            problems = invalid.errors.map(SearchForm.problem)
        }
        let chips = form.chips(query)
        let numbers = [
            "minBuildingArea", "maxBuildingArea", "minLandArea", "maxLandArea", "minPrice", "maxPrice",
            "minCraneTons", "minClearHeight",
        ]
        let view = ResultsView(
            q: fields["q"], kinds: form.kinds(page.facets), deals: form.deals(page.facets),
            districts: form.districts(try await districts(), page.facets), sorts: form.sorts,
            features: form.features,
            fields: Dictionary(uniqueKeysWithValues: numbers.map { ($0, fields[$0] ?? "") }),
            landInMu: fields["landAreaUnit"] == "mu", standalone: fields.isOn("standalone"),
            singleStorey: fields.isOn("singleStorey"), results: page.cards,
            nextPage: form.nextPage(page.nextCursor), empty: page.cards.count == 0 && problems.isEmpty,
            filtered: form.hasFilters, problems: problems, chips: chips.shown, removed: chips.removed,
            hasChips: !chips.shown.isEmpty || !chips.removed.isEmpty,
            keywords: query.isInterpreted && !query.reading.isEmpty
                ? query.keywords?.terms.joined(separator: " ") : nil,
            drops: fields.all("drop"), found: Self.found(page.facets))
        let encoded = fields.encoded()
        var meta = PageMeta(
            title: fields["q"].map { "“\($0)”的房源" } ?? "找厂房·仓库·土地",
            description: "湘潭、郴州在租在售的厂房、仓库和土地，可按类型、区县、面积、价格、行车吨位筛选。",
            path: "/listings" + (encoded.isEmpty ? "" : "?" + encoded))
        meta.noindex = form.hasFilters
        return pages.response(renderedResults.html(view, path: meta.path) { pages.html("listings", meta, view) })
    }

    /// The results page's counts: exact from the kept counts for a search of kinds, deals, districts and parks (at
    /// most a second old); for other searches only when the matches fit on the page, else "20 套以上" (issue 33: a
    /// cold page within 1.5× the API's search at every size).
    static func found(_ facets: ListingFacets?) -> String? {
        if let beyond = facets?.beyond { return "\(beyond) 套以上" }
        return facets?.total.flatMap { $0 > 0 ? "共 \($0) 套" : nil }
    }

    struct ListingView: Sendable {
        let listing: ListingDetail
        let similar: [ListingCard]
        let form: FormView
        /// Above a preview for staff: what the page is and the listing's status.
        var preview: String?
    }

    struct GoneView: Sendable {
        let title, status: String
        let similar: [ListingCard]
    }

    func listing(_ ref: String) async throws -> Response {
        guard ListingRef.isWellFormed(ref.uppercased()) else { return errorPage(.notFound) }
        let listing = try await listings.read { try await $0.find(ref: ref) }
        let similar = try await similarListings.like(listing).map(ListingCard.init)
        if listing.status == .draft { return errorPage(.notFound) }
        guard ListingStatus.publicStatuses.contains(listing.status) else {
            let meta = PageMeta(
                title: listing.fields.title + "（\(listing.status.label)）", description: "该房源已下架，看看类似房源。",
                path: "/listings/" + listing.ref, noindex: true)
            let view = GoneView(title: listing.fields.title, status: listing.status.label, similar: similar)
            return pages.render("gone", meta, view, status: .gone)
        }
        let html = renderedListings.page(for: listing, formKey: await formKeys.fresh()) {
            listingPage(listing, similar: similar)
        }
        return pages.response(html)
    }

    /// A listing's public page as it will look (a draft's too) for staff about to publish it: not cached, not for
    /// search engines, its inquiry form without a key (a preview takes no inquiry).
    public func preview(_ listing: Listing) -> Response {
        let note = "预览：发布后公开页面的样子（当前状态：\(listing.status.label)）。询价表单在预览中不可提交。"
        let html = listingPage(listing, similar: [], preview: note).replacingOccurrences(
            of: RenderedListings.formKeySlot, with: "")
        var response = pages.response(html)
        response.headers[.cacheControl] = "no-store"
        response.headers[HTTPField.Name("X-Robots-Tag")!] = "noindex"
        return response
    }

    /// A listing's page, its form's one-time key and time left as slots to fill in per request.
    func listingPage(_ listing: Listing, similar: [ListingCard], preview: String? = nil) -> String {
        let url = office.publicURL + "/listings/" + listing.ref
        let detail = ListingDetail(listing.forThePublic)
        // Open Graph and schema.org want absolute addresses; stored photos are paths of this site
        let image = detail.photos.first.map { $0.url.hasPrefix("/") ? office.publicURL + $0.url : $0.url }
        let meta = PageMeta(
            title: listing.fields.title,
            description: [detail.kind + detail.deal, detail.area, detail.price, detail.district]
                .joined(separator: "，") + "。产业招商热线 \(office.hotline)",
            path: "/listings/" + listing.ref, image: image,
            jsonLD: ListingDetail.jsonLD(listing, url: url, image: image))
        let form = InquiryForm(
            formKey: RenderedListings.formKeySlot, listingRef: listing.ref, listingTitle: listing.fields.title)
        let view = formView(form, districts: [], detailed: false)
        return pages.html("listing", meta, ListingView(listing: detail, similar: similar, form: view, preview: preview))
    }

    struct ParksView: Sendable {
        let parks: [ParkCard]
    }

    func parkList() async throws -> Response {
        let meta = PageMeta(
            title: "产业园区", description: "湘潭、郴州的产业园区及其在租在售的厂房、仓库和土地。", path: "/parks")
        return pages.render(
            "parks", meta, ParksView(parks: try await places.read { try await $0.publicParkList() }.map(ParkCard.init)))
    }

    struct ParkView: Sendable {
        let park: ParkCard
        let description: [String]
        let listings: RenderedCards.Cards
        let empty: Bool
        let more: String?
    }

    func park(_ id: String) async throws -> Response {
        guard let number = Int(id), number > 0 else { return errorPage(.notFound) }
        let park = try await places.read { try await $0.publicPark(id: number) }
        var query = ListingQuery()
        query.parkID = park.id
        query.limit = 20
        let page = try await cards(query)
        let view = ParkView(
            park: ParkCard(park), description: park.description.split(separator: "\n").map(String.init),
            listings: page.cards, empty: page.cards.count == 0,
            more: page.nextCursor.map { _ in "/listings?park=\(park.id)" })
        let meta = PageMeta(
            title: park.name, description: "\(park.name)（\(park.district)）在租在售的厂房、仓库和土地。",
            path: "/parks/\(park.id)")
        return pages.render("park", meta, view)
    }

    struct PrivacyView: Sendable {
        let version: String
        let paragraphs: [String]
    }

    func privacy() -> Response {
        let paragraphs = office.privacyText.components(separatedBy: "\n\n").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
        let meta = PageMeta(title: "隐私声明", description: "\(office.name)如何使用您在咨询表单中填写的信息。", path: "/privacy")
        return pages.render("privacy", meta, PrivacyView(version: office.privacyVersion, paragraphs: paragraphs))
    }
}
