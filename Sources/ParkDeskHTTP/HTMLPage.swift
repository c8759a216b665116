public import Foundation
public import HTTPTypes
public import Hummingbird
public import Mustache

/// What the doors that render pages share: their templates, and the headers every page carries — a
/// Content-Security-Policy that allows only our own assets (photos may come from any https address), no sniffing,
/// no referrer beyond our origin, no framing.
public enum HTMLPage {
    public static let securityHeaders: HTTPFields = [
        .contentSecurityPolicy:
            "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "strict-origin-when-cross-origin",
        .cacheControl: "no-cache",
    ]

    /// HTML as an answer with the page headers.
    public static func response(_ html: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: html))
    }

    /// Every `*.mustache` file of `directory`, registered under its name without the extension.
    public static func templates(in directory: URL) throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path)
        where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        return library
    }
}

extension HTTPField.Name {
    public static let referrerPolicy = Self("Referrer-Policy")!
}
