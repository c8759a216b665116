/// Well-known crawlers and link previewers, told by their user agent, so that listing views count people. A
/// request with no user agent at all is a script, not a person, and is left out too.
public enum Crawlers {
    /// Lowercase words that only crawler user agents carry: the generic ones and the big engines' names
    /// (Baidu, Sogou, 360, Bytedance, Yandex, Bing, Google, Apple, Facebook, WeChat's and Feishu's link previews).
    static let words: [String] = [
        "bot", "spider", "crawl", "slurp", "baiduspider", "sogou", "360spider", "haosouspider", "yisouspider",
        "bytespider", "petalbot", "yandex", "bingpreview", "mediapartners-google", "adsbot", "facebookexternalhit",
        "feedfetcher", "python-requests", "curl/", "wget/", "go-http-client", "headlesschrome-lighthouse",
        "lighthouse", "pingdom", "uptimerobot", "preview",
    ]

    /// Whether a request with this `User-Agent` comes from a crawler (or from no browser at all).
    public static func isCrawler(userAgent: String?) -> Bool {
        guard let userAgent, !userAgent.isEmpty else { return true }
        let lower = userAgent.lowercased()
        return words.contains { lower.contains($0) }
    }
}
