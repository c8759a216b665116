import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import ParkDeskCore

/// Sends channel requests over HTTP(S) with one time limit for the whole exchange; never throws: every failure
/// is an outcome (a receiver that hangs is a retry after the time limit, never a stuck worker).
public struct NotificationSender: Sendable {
    let http: HTTPClient
    let timeout: Duration

    public init(timeout: Duration) {
        self.http = HTTPClient.shared
        self.timeout = timeout
    }

    public func send(_ request: ChannelRequest, kind: NotificationChannelKind) async -> DeliveryOutcome {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = .POST
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        let limit = TimeAmount.milliseconds(
            timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        do {
            let response = try await http.execute(outgoing, timeout: limit)
            let body = try await response.body.collect(upTo: 64 * 1024)
            return DeliveryOutcome.read(
                kind: kind, status: Int(response.status.code), body: Data(body.readableBytesView),
                retryAfter: response.headers.first(name: "Retry-After"))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            return .unreachable("no answer within \(timeout)")
        } catch {
            return .unreachable("could not send: \(String(describing: error).prefix(200))")
        }
    }
}
