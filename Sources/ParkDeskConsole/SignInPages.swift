import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskStore

/// Signing in and out, and setting a password from a one-time link.
extension StaffConsole {
    struct SignInView: Sendable {
        let login, next: String
        let message: String?
    }

    struct PasswordView: Sendable {
        let token, login, name: String
        let message: String?
    }

    func publicPage(
        _ page: ConsolePage, _ request: Request, _ form: FormFields, address: String?
    ) async throws
        -> Response
    {
        switch page {
        case .signInForm:
            return signInForm(login: "", next: form["next"], message: nil)
        case .signIn:
            return try await signIn(form, request: request, address: address)
        case .passwordForm, .setPassword:
            return try await password(form, post: page == .setPassword, request: request, address: address)
        default:
            return pages.error(.notFound)
        }
    }

    func signInForm(login: String, next: String?, message: String?, status: HTTPResponse.Status = .ok) -> Response {
        pages.render(
            "sign-in", title: "登录", visit: nil,
            SignInView(login: login, next: Self.safeNext(next), message: message), status: status)
    }

    /// Checks the throttle, then the password; a new session id on success. The message never says whether the
    /// login exists, and an unknown login costs as much time as a wrong password.
    func signIn(_ form: FormFields, request: Request, address: String?) async throws -> Response {
        let login = form["login"] ?? ""
        let next = form["next"]
        let keys = SignInThrottle.keys(login: login, address: address)
        let throttle = database.signInThrottle
        let wait = try await throttle.wait(keys)
        if wait > 0 {
            return signInForm(
                login: login, next: next, message: "尝试次数过多，请 \(wait) 秒后再试。", status: .tooManyRequests)
        }
        let credentials = login.isEmpty ? nil : try await database.staff.credentials(login: login)
        guard await Passwords.verify(form.typed("password"), hash: credentials?.hash), let member = credentials?.member
        else {
            try await throttle.failed(keys)
            return signInForm(login: login, next: next, message: "登录名或密码不正确。", status: .unauthorized)
        }
        try await throttle.succeeded(login: login)
        // a session the browser held before signing in ends: the new id is made now (no fixation)
        if let old = cookie.sessionID(in: request) { try await database.sessions.end(old) }
        let id = try await database.sessions.start(
            member: member, clientIP: address, userAgent: request.headers[.userAgent])
        return Self.redirect(to: Self.safeNext(next), cookie: cookie.setting(id))
    }

    /// Where to go after signing in: a console path only (never another site).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix(root), !next.hasPrefix("//"), !next.contains("\\"),
            !next.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return root }
        return next
    }

    func password(_ form: FormFields, post: Bool, request: Request, address: String?) async throws -> Response {
        let token = form["token"] ?? ""
        guard let member = try await database.staff.linkHolder(token) else {
            return pages.error(.notFound, "这个设置密码的链接无效、已使用或已过期（24 小时内有效）。请联系管理员重新生成。")
        }
        let view = { (message: String?) in
            PasswordView(token: token, login: member.login, name: member.displayName, message: message)
        }
        guard post else { return pages.render("password", title: "设置密码", visit: nil, view(nil)) }
        if let problem = Passwords.problem(form.typed("password"), repeated: form.typed("password2")) {
            return pages.render("password", title: "设置密码", visit: nil, view(problem), status: .unprocessableContent)
        }
        let hash = await Passwords.hash(form.typed("password"))
        let updated = try await database.staff.setPassword(link: token, hash: hash)
        let id = try await database.sessions.start(
            member: updated, clientIP: address, userAgent: request.headers[.userAgent])
        return Self.redirect(to: Self.root, cookie: cookie.setting(id))
    }

    func signOut(_ visit: Visit, everywhere: Bool) async throws -> Response {
        if everywhere {
            try await database.sessions.endAll(member: visit.member)
        } else {
            try await database.sessions.end(visit.sessionID, member: visit.member)
        }
        return Self.redirect(to: ConsolePage.signInForm.path, cookie: cookie.clearing)
    }
}
