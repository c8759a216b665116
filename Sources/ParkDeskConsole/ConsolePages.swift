import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import ParkDeskCore
import ParkDeskHTTP

/// Renders the console's templates inside its layout: the office's name, the member, the menu the policy allows,
/// the CSRF token for the forms. Values are escaped by the template engine; no HTML is built in Swift.
struct ConsolePages: Sendable {
    let library: MustacheLibrary
    let assets: Assets
    let officeName: String

    init(officeName: String, assets: Assets, templates: URL) throws {
        library = try HTMLPage.templates(in: templates)
        self.assets = assets
        self.officeName = officeName
    }

    struct Layout<Content: Sendable>: Sendable {
        let office, title, css, js: String
        let member: MemberView?
        let csrf: String?
        let menu: [MenuItem]
        let content: Content
    }

    struct MemberView: Sendable {
        let name, role: String
    }

    struct MenuItem: Sendable {
        let label, href: String
        let current: Bool
    }

    /// The menu a member sees: only what the policy lets them open.
    static func menu(for visit: Visit) -> [MenuItem] {
        [
            ("今日", ConsolePage.today), ("线索", .inbox), ("看板", .board), ("记录来电", .callForm), ("房源", .listings),
            ("园区", .parks), ("报表", .reports), ("团队", .team),
        ].filter { $0.1.allows(visit.member.role) }.map { label, page in
            MenuItem(
                label: label, href: page.path,
                current: visit.path == page.path || (page == .listings && visit.path.hasPrefix(page.path + "/")))
        }
    }

    func render(
        _ template: String, title: String, visit: Visit?, _ content: some Sendable, status: HTTPResponse.Status = .ok
    ) -> Response {
        let layout = Layout(
            office: officeName, title: title, css: assets.path("console.css"), js: assets.path("console.js"),
            member: visit.map { MemberView(name: $0.member.displayName, role: $0.member.role.label) },
            csrf: visit?.csrf, menu: visit.map(Self.menu) ?? [], content: content)
        let html = library.render(TemplateValues.plain(layout), withTemplate: template) ?? ""
        var response = HTMLPage.response(ByteBuffer(string: html), status: status)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    struct ErrorView: Sendable {
        let heading, text: String
        let code: Int
        let kept: [KeptField]
    }

    /// A typed text the database could not take, shown back so that nothing is lost.
    struct KeptField: Sendable {
        let label, text: String
    }

    func error(_ status: HTTPResponse.Status, _ text: String? = nil, visit: Visit? = nil) -> Response {
        let heading =
            switch status.code {
            case 401: "请先登录"
            case 403: "无权访问"
            case 404: "页面不存在"
            case 503: "系统暂时不可用"
            case 500..<600: "出错了"
            default: "请求有误"
            }
        let view = ErrorView(
            heading: heading, text: text ?? (status.code == 404 ? "您要找的内容不存在或已删除。" : "无法处理这个请求。"),
            code: status.code, kept: [])
        return render("console-error", title: heading, visit: visit, view, status: status)
    }

    /// The 503 page with whatever the post carried in words (a note, a call's text), to copy and send again.
    func unavailable(kept form: FormFields, page: ConsolePage) -> Response {
        let labels = [
            "note": "跟进记录", "callText": "来电记录", "reason": "原因", "contactName": "联系人", "mobile": "手机号",
            "company": "公司", "line": "一句话描述", "title": "标题", "description": "描述", "address": "地址",
            "features": "特色", "caption": "说明", "aliases": "别名",
        ]
        let kept = form.pairs.compactMap { pair in
            labels[pair.name].flatMap { pair.value.isEmpty ? nil : KeptField(label: $0, text: pair.value) }
        }
        let view = ErrorView(
            heading: "系统暂时不可用", text: "数据库暂时无法连接，请稍后重试。您输入的内容如下，未丢失，可复制后重新提交。", code: 503,
            kept: kept)
        var response = render("console-error", title: "系统暂时不可用", visit: nil, view, status: .serviceUnavailable)
        response.headers[.retryAfter] = "5"
        return response
    }
}
