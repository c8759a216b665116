/// Well-known crawlers and link previewers, told by their user agent, so that listing views count people. A
/// request with no user agent at all is a script, not a person, and is left out too.
public enum Crawlers {
    /// Lowercase words that only crawler user agents carry: the generic ones and the big engines' names
    /// (Baidu, Sogou, 360, Bytedance, Yandex, Bing, Google, Apple, Facebook, WeChat's and Feishu's link previews).
    static let words: [[UInt8]] = [
        "bot", "spider", "crawl", "slurp", "sogou", "360spider", "haosouspider", "yisouspider", "petalbot", "yandex",
        "bingpreview", "mediapartners-google", "facebookexternalhit", "feedfetcher", "python-requests", "curl/",
        "wget/", "go-http-client", "lighthouse", "pingdom", "uptimerobot", "preview",
    ].map { Array($0.utf8) }

    /// Whether a request with this `User-Agent` comes from a crawler (or from no browser at all). Every browser
    /// request asks this, so it compares ASCII-lowercased bytes rather than Unicode strings.
    public static func isCrawler(userAgent: String?) -> Bool {
        guard let userAgent, !userAgent.isEmpty else { return true }
        let lower = userAgent.utf8.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
        return words.contains { word in contains(lower, word) }
    }

    static func contains(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        guard let first = word.first, text.count >= word.count else { return false }
        var start = 0
        while start <= text.count - word.count {
            if text[start] == first {
                var index = 1
                while index < word.count && text[start + index] == word[index] { index += 1 }
                if index == word.count { return true }
            }
            start += 1
        }
        return false
    }
}
