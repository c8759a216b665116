import Crypto
public import Foundation
public import ParkDeskCore

/// One HTTP request to a channel, made as each platform documents it (README, *Notifications*): WeCom and
/// DingTalk markdown, Feishu text, our own JSON webhook; DingTalk's and Feishu's signatures when the robot has a
/// secret, ours always. Every request carries `X-ParkDesk-Event-Id`, the event ids it announces.
public struct ChannelRequest: Sendable, Equatable {
    public var url: String
    public var headers: [(String, String)]
    public var body: Data

    public static func == (a: ChannelRequest, b: ChannelRequest) -> Bool {
        a.url == b.url && a.body == b.body && a.headers.elementsEqual(b.headers) { $0 == $1 }
    }

    /// What one message announces: its event, id, time and words.
    public struct Item: Sendable {
        public var eventID: UUID
        public var event: NotificationEvent
        public var occurredAt: Date
        public var attempt: Int
        public var message: NotificationMessage
        /// The lead's and listing's refs, for the webhook's receivers.
        public var leadRef: String?
        public var listingRef: String?

        public init(
            eventID: UUID, event: NotificationEvent, occurredAt: Date, attempt: Int, message: NotificationMessage,
            leadRef: String?, listingRef: String?
        ) {
            (self.eventID, self.event, self.occurredAt, self.attempt) = (eventID, event, occurredAt, attempt)
            (self.message, self.leadRef, self.listingRef) = (message, leadRef, listingRef)
        }
    }

    /// Most bytes of text one message may carry on each platform (WeCom 4,096; DingTalk 20,000; Feishu 30,000).
    static func textLimit(_ kind: NotificationChannelKind) -> Int {
        switch kind {
        case .wecom: 4096
        case .dingtalk: 20_000
        case .feishu: 30_000
        case .webhook: 1 << 20
        }
    }

    /// How many of `items`, from the first, fit one message (at least one: a single long one is cut), and whether
    /// in the compact form: the full one when all of them fit, else the compact one, so that a burst that waited
    /// for the robot's budget goes out in as few messages as it can.
    public static func fitting(_ items: [Item], channel: NotificationChannel) -> (count: Int, compact: Bool) {
        guard channel.kind != .webhook else { return (min(items.count, 1), false) }
        func count(compact: Bool) -> Int {
            var count = min(items.count, 1)
            while count < items.count {
                let message = NotificationMessage.combined(items[...count].map(\.message), compact: compact)
                    .withKeyword(channel.keyword)
                guard message.markdown(limitBytes: .max).utf8.count <= textLimit(channel.kind) else { break }
                count += 1
            }
            return count
        }
        let full = count(compact: false)
        return full == items.count ? (full, false) : (count(compact: true), true)
    }

    /// The request announcing `items` (several only for group robots: they become one message) at `now`.
    public static func make(
        channel: NotificationChannel, items: [Item], now: Date, compact: Bool = false
    )
        -> ChannelRequest
    {
        let message = NotificationMessage.combined(items.map(\.message), compact: compact).withKeyword(channel.keyword)
        var url = channel.url
        var headers = [
            ("Content-Type", "application/json; charset=utf-8"), ("User-Agent", "ParkDesk-Notify/1"),
            ("X-ParkDesk-Event-Id", items.map { $0.eventID.uuidString.lowercased() }.joined(separator: ",")),
        ]
        let body: Data
        switch channel.kind {
        case .wecom:
            body = json([
                "msgtype": "markdown", "markdown": ["content": message.markdown(limitBytes: textLimit(.wecom))],
            ])
        case .dingtalk:
            if let secret = channel.secret {
                let timestamp = String(Int64(now.timeIntervalSince1970 * 1000))
                let sign = Data(hmac(key: Data(secret.utf8), message: Data("\(timestamp)\n\(secret)".utf8)))
                    .base64EncodedString()
                url += (url.contains("?") ? "&" : "?") + "timestamp=\(timestamp)&sign=\(percentEncoded(sign))"
            }
            body = json([
                "msgtype": "markdown",
                "markdown": ["title": message.title, "text": message.markdown(limitBytes: textLimit(.dingtalk))],
            ])
        case .feishu:
            var payload: [String: Any] = [
                "msg_type": "text",
                "content": ["text": NotificationMessage.cut(lines(message), toBytes: textLimit(.feishu))],
            ]
            if let secret = channel.secret {
                let timestamp = String(Int64(now.timeIntervalSince1970))
                payload["timestamp"] = timestamp
                payload["sign"] = Data(hmac(key: Data("\(timestamp)\n\(secret)".utf8), message: Data()))
                    .base64EncodedString()
            }
            body = json(payload)
        case .webhook:
            let item = items[0]
            var payload: [String: Any] = [
                "id": item.eventID.uuidString.lowercased(), "event": item.event.rawValue,
                "label": item.event.label, "occurredAt": item.occurredAt.formatted(.iso8601),
                "attempt": item.attempt, "title": message.title, "lines": message.lines, "text": message.plainText,
            ]
            payload["link"] = message.link
            payload["lead"] = item.leadRef
            payload["listing"] = item.listingRef
            body = json(payload)
            let timestamp = String(Int64(now.timeIntervalSince1970))
            headers += [
                ("X-ParkDesk-Event", item.event.rawValue), ("X-ParkDesk-Timestamp", timestamp),
                (
                    "X-ParkDesk-Signature",
                    "sha256=" + webhookSignature(secret: channel.secret ?? "", timestamp: timestamp, body: body)
                ),
            ]
        }
        return ChannelRequest(url: url, headers: headers, body: body)
    }

    /// Hex HMAC-SHA256 of `timestamp + "." + body`, keyed with the channel's secret: what a receiver recomputes.
    public static func webhookSignature(secret: String, timestamp: String, body: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(
            decoding: hmac(key: Data(secret.utf8), message: Data((timestamp + ".").utf8) + body)
                .flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] }, as: UTF8.self)
    }

    static func hmac(key: Data, message: Data) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key)))
    }

    /// Title, lines and link on lines of their own (Feishu's text messages show line breaks).
    static func lines(_ message: NotificationMessage) -> String {
        ([message.title] + message.lines + (message.link.map { [$0] } ?? [])).joined(separator: "\n")
    }

    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
    }
}

/// What a channel's answer means for the row.
public enum DeliveryOutcome: Sendable, Equatable {
    case delivered
    /// Try again later (after at least `after`, when the receiver said so): the receiver answered, but not yes.
    case retry(String, after: Duration?)
    /// Try again later: the receiver did not answer at all (refused, unreachable, past the time limit).
    case unreachable(String)
    /// Trying again cannot help (the receiver refused the request itself): a dead letter at once.
    case dead(String)

    /// Reads an HTTP answer: robots answer 200 with an error code in the body, so the body decides for them.
    public static func read(
        kind: NotificationChannelKind, status: Int, body: Data, retryAfter: String?
    )
        -> DeliveryOutcome
    {
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        switch status {
        case 200..<300:
            guard kind != .webhook else { return .delivered }
            let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
            let code = [answer["errcode"], answer["code"], answer["StatusCode"]].compactMap { $0 as? Int }.first
            if code == 0 { return .delivered }
            let words = (answer["errmsg"] ?? answer["msg"] ?? answer["StatusMessage"]).map { "\($0)" } ?? text
            return .retry("\(kind.label) refused: code \(code.map(String.init) ?? "?") \(words)", after: nil)
        case 408, 425, 429, 500..<600:
            let wait = retryAfter.flatMap(Int.init).map { Duration.seconds(min(max($0, 0), 3600)) }
            return .retry("HTTP \(status) \(text)", after: wait)
        default:
            return .dead("HTTP \(status) \(text)")
        }
    }
}
