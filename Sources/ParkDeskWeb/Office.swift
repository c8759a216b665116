import ParkDeskHTTP
import Foundation

/// Who runs the site, as visitors see it on every page: from configuration (`PARKDESK_OFFICE_*`,
/// `PARKDESK_PUBLIC_URL`, `PARKDESK_PRIVACY_*`), with defaults taken from the office's own page.
public struct Office: Sendable, Equatable {
    public var name = "湘潭·郴州产业招商"
    /// 产业招商热线.
    public var hotline = "400 0123 021"
    /// WeChat id for the call to action; not shown when empty.
    public var wechat = ""
    public var address = "湖南省湘潭市"
    /// The site's address as the world reaches it, for canonical URLs, Open Graph and the sitemap.
    public var publicURL = "http://127.0.0.1:8080"
    /// The privacy notice's version, stored with each inquiry's consent.
    public var privacyVersion = "2026-11"
    /// The privacy notice, paragraphs separated by blank lines.
    public var privacyText = Office.defaultPrivacyText

    public init() {}

    /// The hotline as a `tel:` link target.
    var hotlineDial: String { hotline.filter(\.isNumber) }

    /// Reads the settings that are set; a privacy notice may come from a file (`PARKDESK_PRIVACY_TEXT_FILE`).
    public static func fromEnvironment(_ environment: [String: String]) throws -> Office {
        var office = Office()
        let settings: [(String, WritableKeyPath<Office, String>)] = [
            ("PARKDESK_OFFICE_NAME", \.name), ("PARKDESK_OFFICE_HOTLINE", \.hotline),
            ("PARKDESK_OFFICE_WECHAT", \.wechat), ("PARKDESK_OFFICE_ADDRESS", \.address),
            ("PARKDESK_PUBLIC_URL", \.publicURL), ("PARKDESK_PRIVACY_VERSION", \.privacyVersion),
        ]
        for (name, path) in settings {
            if let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
                office[keyPath: path] = value.precomposedStringWithCanonicalMapping
            }
        }
        while office.publicURL.hasSuffix("/") { office.publicURL.removeLast() }
        if let path = environment["PARKDESK_PRIVACY_TEXT_FILE"], !path.isEmpty {
            office.privacyText = try String(contentsOfFile: path, encoding: .utf8)
        }
        return office
    }

    static let defaultPrivacyText = """
        我们收集您在咨询表单中填写的信息（需求、用途、预计税收、公司、联系人、手机号及留言），仅用于招商专员与您联系、\
        为您匹配合适的厂房、仓库或土地，以及统计招商工作。

        您的信息保存在本办公室的服务器上，不出售、不向无关第三方提供。招商专员只能看到分配给自己的咨询。

        您可以随时拨打产业招商热线，要求查阅、更正或删除您的个人信息；删除后，我们只保留不含个人信息的统计记录。

        提交表单即表示您已阅读并同意本声明。
        """
}
