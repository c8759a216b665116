import Logging

/// Keeps a logger's metadata as it is set and hands it to `inner` only when a line is written. `StreamLogHandler`
/// formats its whole metadata on every change — each request's id, each database connection's id — which was ~3 %
/// of the server's CPU per search with nothing logged at all. The lines written are `inner`'s own.
struct DeferredMetadataLogHandler: LogHandler {
    var inner: any LogHandler
    var metadata: Logger.Metadata = [:]

    init(_ inner: any LogHandler) {
        self.inner = inner
    }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty { event.metadata = metadata.merging(event.metadata ?? [:]) { $1 } }
        inner.log(event: event)
    }
}
