import Foundation
import ParkDeskCore
import ParkDeskNotify
import Testing

/// Requests as each platform wants them, and what their answers mean.
@Suite struct ChannelRequestTests {
    static func channel(
        _ kind: NotificationChannelKind, secret: String? = nil, keyword: String? = nil
    )
        -> NotificationChannel
    {
        NotificationChannel(
            id: 1, name: "c", kind: kind, url: "https://robot.example.cn/send?access_token=abc", secret: secret,
            keyword: keyword, events: [], agent: nil, fullMobile: false, perMinute: 20, enabled: true)
    }

    static func item(_ n: Int) -> ChannelRequest.Item {
        let message = NotificationMessage(
            title: "新线索 LD-2026-\(String(format: "%06d", n))",
            lines: [
                "网站表单", "需求: 厂房 出租 3000–5000㎡ 湘潭县 行车≥10吨", "用途: 工程机械零部件制造与装配", "税收: 300万元/年",
                "公司: 湘潭某某重型机械制造有限公司", "联系人: 王经理 138****5678", "留言: 需要单层厂房，带行车，最好独门独院，尽快入驻",
            ])
        return ChannelRequest.Item(
            eventID: UUID(), event: .leadCaptured, occurredAt: Date(), attempt: 1, message: message,
            leadRef: "LD-2026-\(n)", listingRef: nil)
    }

    @Test func aBurstIsSentInTheCompactFormSoThatMoreFitOneMessage() {
        let wecom = Self.channel(.wecom)
        #expect(ChannelRequest.fitting((1...3).map(Self.item), channel: wecom) == (3, false))
        let burst = (1...60).map(Self.item)
        let fit = ChannelRequest.fitting(burst, channel: wecom)
        #expect(fit.compact && fit.count > 20 && fit.count < 60)
        let request = ChannelRequest.make(channel: wecom, items: Array(burst[..<fit.count]), now: Date(), compact: true)
        let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]
        let text = (body?["markdown"] as? [String: Any])?["content"] as? String ?? ""
        #expect(text.utf8.count <= 4096 && !text.hasSuffix("…"))
        #expect(text.hasPrefix("**\(fit.count) 条通知**\n> 新线索 LD-2026-000001 · 网站表单 · 需求: 厂房 出租"))
        #expect(ChannelRequest.fitting(burst, channel: Self.channel(.webhook)) == (1, false))
    }

    @Test func dingTalkIsSignedInTheQueryAndCarriesItsKeyword() throws {
        let now = Date(timeIntervalSince1970: 1_764_560_000)
        let request = ChannelRequest.make(
            channel: Self.channel(.dingtalk, secret: "SECabc", keyword: "招商"), items: [Self.item(1)], now: now)
        let query = try #require(URLComponents(string: request.url)?.queryItems)
        #expect(query.first { $0.name == "timestamp" }?.value == "1764560000000")
        #expect(query.first { $0.name == "access_token" }?.value == "abc")
        #expect(query.first { $0.name == "sign" }?.value?.isEmpty == false)
        #expect(String(decoding: request.body, as: UTF8.self).contains("【招商】新线索"))
        let unsigned = ChannelRequest.make(channel: Self.channel(.dingtalk), items: [Self.item(1)], now: now)
        #expect(!unsigned.url.contains("sign="))
    }

    @Test func answersAreReadAsEachPlatformMeansThem() {
        func read(
            _ kind: NotificationChannelKind, _ status: Int, _ body: String, _ retryAfter: String? = nil
        )
            -> DeliveryOutcome
        {
            DeliveryOutcome.read(kind: kind, status: status, body: Data(body.utf8), retryAfter: retryAfter)
        }
        #expect(read(.wecom, 200, #"{"errcode":0,"errmsg":"ok"}"#) == .delivered)
        #expect(read(.feishu, 200, #"{"code":0,"msg":"success"}"#) == .delivered)
        #expect(read(.feishu, 200, #"{"StatusCode":0,"StatusMessage":"success"}"#) == .delivered)
        #expect(read(.webhook, 204, "") == .delivered)
        guard case .retry(let why, nil) = read(.dingtalk, 200, #"{"errcode":130101,"errmsg":"send too fast"}"#) else {
            Issue.record("a robot's error code is a retry")
            return
        }
        #expect(why == "钉钉群机器人 refused: code 130101 send too fast")
        #expect(read(.wecom, 200, "<html>") == .retry("企业微信群机器人 refused: code ? <html>", after: nil))
        #expect(read(.webhook, 429, "slow down", "120") == .retry("HTTP 429 slow down", after: .seconds(120)))
        #expect(read(.webhook, 503, "") == .retry("HTTP 503 ", after: nil))
        #expect(read(.webhook, 410, "gone") == .dead("HTTP 410 gone"))
    }
}
