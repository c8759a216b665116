import AsyncAlgorithms
import NIOCore
import OpenAPIRuntime
import Synchronization

/// Bridges a scoped export (`write(to: sink)`, which holds a database transaction while it runs) to a
/// streamed response body. The export runs in its own task and waits until the client has taken each chunk,
/// so memory holds one chunk at a time; when the client goes away, the export stops and its transaction ends.
enum ExportStream {
    typealias Chunk = ArraySlice<UInt8>

    static func body(
        _ export: @escaping @Sendable (_ sink: (ByteBuffer) async throws -> Void) async throws -> Void
    ) -> HTTPBody {
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
        let chunks = Chunks(
            channel: channel,
            end: End {
                abandoned.store(true, ordering: .relaxed)
                channel.finish()  // wakes a producer waiting in send()
                producer.cancel()
            })
        return HTTPBody(chunks, length: .unknown, iterationBehavior: .single)
    }

    /// The channel's chunks; when the reader is done or dropped, `end` runs.
    struct Chunks: AsyncSequence, Sendable {
        typealias Element = Chunk
        let channel: AsyncThrowingChannel<Chunk, any Error>
        let end: End

        func makeAsyncIterator() -> Iterator {
            Iterator(base: channel.makeAsyncIterator(), end: end)
        }

        struct Iterator: AsyncIteratorProtocol {
            var base: AsyncThrowingChannel<Chunk, any Error>.Iterator
            let end: End

            mutating func next() async throws -> Chunk? {
                try await base.next()
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
