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
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: templates.path)
        where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
        self.office = office
        shareImage = office.publicURL + assets.path("share.png")
        site = SiteView(
            name: office.name, hotline: office.hotline, hotlineDial: office.hotlineDial,
            wechat: office.wechat.isEmpty ? nil : office.wechat, address: office.address,
            css: assets.path("site.css"), js: assets.path("site.js"), icon: assets.path("icon.svg"),
            year: String(Calendar(identifier: .gregorian).component(.year, from: Date())))
    }

    static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "strict-origin-when-cross-origin",
        .cacheControl: "no-cache",
    ]

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
        return library.render(Self.plain(page), withTemplate: template) ?? ""
    }

    /// HTML as an answer with the page headers.
    func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        response(ByteBuffer(string: html), status: status)
    }

    func response(_ html: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: html))
    }
}

extension Pages {
    /// The view as nested dictionaries and arrays, reflected once: the template engine then looks each
    /// `{{name}}` up in a hash table instead of reflecting on a struct at every lookup, which made a results
    /// page cost twice the same search through the API (BENCHMARKS.md).
    static func plain(_ value: Any) -> Any {
        if let known = value as? any TemplateFields { return known.templateFields }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                // a missing value is NSNull, not absent: the engine then stops at this object instead of
                // looking for the name in every enclosing one (a third of a listing page's rendering)
                if let label = child.label { fields[label] = plainOptional(child.value) ?? NSNull() }
            }
            return fields
        case .collection:
            return mirror.children.compactMap { plainOptional($0.value) }
        default:
            return plainOptional(value) ?? ""
        }
    }

    /// `nil` for a missing optional (so that the engine treats it as false), else the plain value.
    private static func plainOptional(_ value: Any) -> Any? {
        // most values are text, flags and counts (also inside a present optional): no reflection for them
        if let text = value as? String { return text }
        if let flag = value as? Bool { return flag }
        if let number = value as? Int { return number }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else {
            return mirror.displayStyle == .struct || mirror.displayStyle == .collection ? plain(value) : value
        }
        return mirror.children.first.map { plainOptional($0.value) } ?? nil
    }
}

/// A view that hands the template engine its fields directly: the ones a page shows by the dozen (result cards,
/// filter choices), where reflecting on each cost a results page a fifth of its time.
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}

extension Optional {
    /// The value, or the engine's "missing" (`NSNull`).
    var templateValue: Any { self ?? NSNull() }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
}
