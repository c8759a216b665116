import ParkDeskHTTP
import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// What every page tells the browser and the sharer: title, description, canonical URL, Open Graph.
struct PageMeta: Sendable {
    var title: String
    var description: String
    /// The page's path; the canonical URL is the office's public URL plus this.
    var path: String
    var image: String?
    /// schema.org JSON-LD, already safe inside a `<script>` element.
    var jsonLD: String?
    /// Search result pages with filters are not for search engines.
    var noindex = false
}

/// A page as the layout template sees it: the site, the meta, and the page's own content.
struct Page<Content: Sendable>: Sendable {
    let site: SiteView
    let meta: PageMeta
    let canonical: String
    let content: Content
}

/// The office and the assets, the same on every page.
struct SiteView: Sendable {
    let name, hotline, hotlineDial: String
    let wechat: String?
    let address, css, js, icon, year: String
}

/// Renders templates (package resources) into answers with the headers every page carries: a Content-Security-
/// Policy that allows only our own assets (photos may come from any https address), no sniffing, no referrer
/// beyond our origin. The template engine escapes every value; there is no HTML built from strings in Swift.
struct Pages: Sendable {
    let library: MustacheLibrary
    let site: SiteView
    let office: Office
    /// The image a shared page shows when it has none of its own (WeChat and Open Graph want a raster image).
    let shareImage: String

    init(office: Office, assets: Assets, templates: URL) throws {
        library = try HTMLPage.templates(in: templates)
        self.office = office
        shareImage = office.publicURL + assets.path("share.png")
        site = SiteView(
            name: office.name, hotline: office.hotline, hotlineDial: office.hotlineDial,
            wechat: office.wechat.isEmpty ? nil : office.wechat, address: office.address,
            css: assets.path("site.css"), js: assets.path("site.js"), icon: assets.path("icon.svg"),
            year: String(Calendar(identifier: .gregorian).component(.year, from: Date())))
    }

    /// The page `template` with `content`, as an HTML answer.
    func render<Content: Sendable>(
        _ template: String, _ meta: PageMeta, _ content: Content, status: HTTPResponse.Status = .ok
    ) -> Response {
        response(html(template, meta, content), status: status)
    }

    /// The page `template` with `content`, as HTML text.
    func html<Content: Sendable>(_ template: String, _ meta: PageMeta, _ content: Content) -> String {
        var meta = meta
        meta.image = meta.image ?? shareImage
        let page = Page(site: site, meta: meta, canonical: office.publicURL + meta.path, content: content)
        return library.render(TemplateValues.plain(page), withTemplate: template) ?? ""
    }

    /// A part of a page (a listing's card) rendered alone from `template`.
    func fragment<Content: Sendable>(_ template: String, _ content: Content) -> String {
        library.render(TemplateValues.plain(content), withTemplate: template) ?? ""
    }

    /// HTML as an answer with the page headers.
    func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        HTMLPage.response(ByteBuffer(string: html), status: status)
    }

    func response(_ html: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        HTMLPage.response(html, status: status)
    }
}
