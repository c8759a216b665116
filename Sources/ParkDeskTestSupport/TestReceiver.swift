public import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// A local HTTP server that stands in for a WeCom, DingTalk or Feishu robot or a webhook receiver in tests: it
/// records every request and answers with what `answer` says (given the request and how many came before it),
/// so that a test can fail the first N, hang, answer slowly or check a signature.
public final class TestReceiver: Sendable {
    /// One request as received.
    public struct Received: Sendable {
        public let path: String
        public let query: [String: String]
        public let headers: [String: String]
        public let body: Data

        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// The answer: an HTTP status and a body.
    public typealias Answer = @Sendable (Received, Int) async -> (status: Int, body: String)

    /// The robot's answer when all is well.
    public static let ok: Answer = { _, _ in (200, #"{"errcode":0,"errmsg":"ok","code":0}"#) }

    /// A webhook that answers 200 after `delay` (a slow or hanging receiver).
    public static func answering(after delay: Duration) -> Answer {
        { _, _ in
            try? await Task.sleep(for: delay)
            return (200, "{}")
        }
    }

    private let received = Mutex<[Received]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)
    /// The receiver's address, with a robot-like key in the query.
    public let url: String

    private init(port: Int) {
        url = "http://127.0.0.1:\(port)/hook/send?key=test-key-0123456789"
    }

    /// Starts a receiver on a free loopback port.
    public static func start(_ answer: @escaping Answer = ok) async throws -> TestReceiver {
        let port = Mutex<Int?>(nil)
        let started = AsyncStream<Int>.makeStream()
        let holder = Mutex<TestReceiver?>(nil)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 1 << 22)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let parts = URLComponents(string: "http://x" + (request.uri.description))
            var query: [String: String] = [:]
            for item in parts?.queryItems ?? [] { query[item.name] = item.value ?? "" }
            let received = Received(
                path: parts?.path ?? "", query: query, headers: headers, body: Data(body.readableBytesView))
            let index = holder.withLock { $0 }?.record(received) ?? 0
            let (status, text) = await answer(received, index)
            return Response(
                status: .init(code: status), headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        var logger = Logger(label: "test-receiver")
        logger.logLevel = .critical
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in started.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for await bound in started.stream {
            port.withLock { $0 = bound }
            break
        }
        let receiver = TestReceiver(port: port.withLock { $0 } ?? 0)
        holder.withLock { $0 = receiver }
        receiver.task.withLock { $0 = task }
        return receiver
    }

    private func record(_ request: Received) -> Int {
        received.withLock {
            $0.append(request)
            return $0.count - 1
        }
    }

    /// Every request so far, in order.
    public var requests: [Received] { received.withLock { $0 } }

    /// The event ids announced so far (`X-ParkDesk-Event-Id`, several per robot message).
    public var eventIDs: [String] {
        requests.flatMap { ($0.headers["x-parkdesk-event-id"] ?? "").split(separator: ",").map(String.init) }
    }

    /// Waits until `condition` holds for the requests, or `timeout` passes; returns whether it held.
    public func wait(
        for timeout: Duration = .seconds(15), until condition: @Sendable ([Received]) -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(requests) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return condition(requests)
    }

    public func stop() {
        task.withLock { $0?.cancel() }
    }

    deinit {
        task.withLock { $0?.cancel() }
    }
}
