import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// The console's session cookie and the request checks that go with it: `__Host-` prefixed, `Secure` and
/// `HttpOnly` under https (plain http, for a machine of one's own, cannot carry a `__Host-` cookie), `SameSite=Lax`;
/// a CSRF token derived from the session id for every form; and a same-origin check on every post.
struct SessionCookie: Sendable {
    /// Whether the office's public URL is https.
    let secure: Bool

    var name: String { secure ? "__Host-parkdesk_staff" : "parkdesk_staff" }

    func sessionID(in request: Request) -> String? {
        request.cookies[name]?.value
    }

    /// The Set-Cookie value that holds a new session id (the browser keeps it as long as a session can last).
    func setting(_ id: String) -> String {
        "\(name)=\(id); Path=/; Max-Age=\(7 * 24 * 3600); HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The Set-Cookie value that removes it.
    var clearing: String {
        "\(name)=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "")
    }

    /// The CSRF token of a session: HMAC-SHA256 of a fixed word under the session id, so it needs no storage and
    /// tells nothing about the id.
    static func csrfToken(for sessionID: String) -> String {
        HMAC<SHA256>.authenticationCode(
            for: Data("parkdesk-csrf".utf8), using: SymmetricKey(data: Data(sessionID.utf8))
        )
        .prefix(20).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares in constant time.
    static func same(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Whether a post comes from our own pages: its `Origin` (or, without one, `Sec-Fetch-Site`) says so. Browsers
    /// send at least one of them on every form post.
    static func isSameOrigin(_ request: Request) -> Bool {
        if let origin = request.headers[.origin] {
            guard let url = URL(string: origin), let host = url.host else { return false }
            let authority = url.port.map { "\(host):\($0)" } ?? host
            return authority == request.head.authority
        }
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] {
            return site == "same-origin" || site == "none"
        }
        return true
    }
}
