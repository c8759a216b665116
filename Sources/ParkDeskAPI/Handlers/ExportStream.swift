import AsyncAlgorithms
import NIOCore
import OpenAPIRuntime
import Synchronization

/// Bridges a scoped export (`write(to: sink)`, which holds a database transaction while it runs) to a
/// streamed response body. The export runs in its own task and waits until the client has taken each chunk,
/// so memory holds one chunk at a time; when the client goes away, the export stops and its transaction ends.
/// The answer waits for the first chunk: an export that fails before it (the database away, a filter the
/// database refuses) is an ordinary problem answer, not a 200 whose body breaks off.
enum ExportStream {
    typealias Chunk = ArraySlice<UInt8>

    static func body(
        _ export: @escaping @Sendable (_ sink: (ByteBuffer) async throws -> Void) async throws -> Void
    ) async throws -> HTTPBody {
        let channel = AsyncThrowingChannel<Chunk, any Error>()
        let abandoned = Atomic<Bool>(false)
        let producer = Task {
            do {
                try await export { chunk in
                    if abandoned.load(ordering: .relaxed) { throw CancellationError() }
                    await channel.send(Chunk(chunk.readableBytesView))
                }
                channel.finish()
            } catch {
                channel.fail(error)
            }
        }
        let end = End {
            abandoned.store(true, ordering: .relaxed)
            channel.finish()  // wakes a producer waiting in send()
            producer.cancel()
        }
        var first = channel.makeAsyncIterator()
        let head = try await first.next()
        let chunks = Chunks(
            head: head, channel: channel,
            end: end)
        return HTTPBody(chunks, length: .unknown, iterationBehavior: .single)
    }

    /// The first chunk, then the channel's; when the reader is done or dropped, `end` runs.
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = Chunk
        let head: Chunk?
        let channel: AsyncThrowingChannel<Chunk, any Error>
        let end: End

        func makeAsyncIterator() -> Iterator {
            Iterator(head: head, base: channel.makeAsyncIterator(), end: end)
        }

        struct Iterator: AsyncIteratorProtocol {
            var head: Chunk?
            var base: AsyncThrowingChannel<Chunk, any Error>.Iterator
            let end: End

            mutating func next() async throws -> Chunk? {
                if let chunk = head {
                    head = nil
                    return chunk
                }
                return try await base.next()
            }
        }
    }

    /// Runs its action once, when the last reference goes.
    final class End: Sendable {
        let action: @Sendable () -> Void

        init(_ action: @escaping @Sendable () -> Void) {
            self.action = action
        }

        deinit { action() }
    }
}
