import ParkDeskCore
import Testing

/// Listing views count people: the browsers of investors, not search engines, link previews or scripts.
@Suite struct CrawlerTests {
    @Test(arguments: [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.47",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0 Safari/537.36 Edg/131.0",
        "Mozilla/5.0 (Linux; Android 14; V2307A) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 DingTalk/7.6",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15",
    ])
    func browsersAreCounted(_ agent: String) {
        #expect(!Crawlers.isCrawler(userAgent: agent))
    }

    @Test(
        arguments: [
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 Mobile Safari/537.36 (compatible; Bytespider)",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)", "YisouSpider", "curl/8.5.0",
            "python-requests/2.31", "facebookexternalhit/1.1", "Mozilla/5.0 (compatible; YandexBot/3.0)", "", nil,
        ] as [String?])
    func crawlersAndScriptsAreNot(_ agent: String?) {
        #expect(Crawlers.isCrawler(userAgent: agent))
    }
}
