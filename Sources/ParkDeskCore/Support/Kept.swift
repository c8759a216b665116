public import Synchronization

/// Values kept by key — the one cache of the program. An entry is good while it is younger than `lifetime` (when
/// there is one) and, when it was kept with a change token, while the reader's token is the same. At most
/// `capacity` keys: a new key beyond them replaces the one kept longest. Its methods are `@inlinable`, so that each
/// cache is specialized for its key and value where it is used, as the hand-written caches it replaced were
/// (BENCHMARKS.md, issue 30).
public final class Kept<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    @usableFromInline
    struct Entry {
        @usableFromInline var value: Value
        @usableFromInline var at: ContinuousClock.Instant?
        @usableFromInline var token: String?

        @inlinable
        init(value: Value, at: ContinuousClock.Instant?, token: String?) {
            (self.value, self.at, self.token) = (value, at, token)
        }
    }

    /// The entries, and their keys in the order they were first kept.
    @usableFromInline
    struct Entries {
        @usableFromInline var byKey: [Key: Entry] = [:]
        @usableFromInline var ring: [Key] = []
        @usableFromInline var oldest = 0

        @inlinable
        init() {}
    }

    @usableFromInline let entries = Mutex(Entries())
    @usableFromInline let lifetime: Duration?
    @usableFromInline let capacity: Int

    @inlinable
    public init(lifetime: Duration? = nil, capacity: Int = 10_000) {
        (self.lifetime, self.capacity) = (lifetime, max(1, capacity))
    }

    /// How many keys are kept.
    @inlinable
    public var count: Int { entries.withLock { $0.byKey.count } }

    /// The value kept for `key`, when still good (the hot path: one lock, no allocation).
    @inlinable
    public func value(for key: Key, token: String? = nil) -> Value? {
        let now = lifetime == nil ? nil : ContinuousClock.now
        return entries.withLock { entries in good(entries.byKey[key], token, now) }
    }

    /// The value kept for each key while still good, else `nil` in its place (one lock for all).
    @inlinable
    public func values(_ wanted: [(key: Key, token: String?)]) -> [Value?] {
        let now = lifetime == nil ? nil : ContinuousClock.now
        return entries.withLock { entries in wanted.map { key, token in good(entries.byKey[key], token, now) } }
    }

    @inlinable
    func good(_ entry: Entry?, _ token: String?, _ now: ContinuousClock.Instant?) -> Value? {
        guard let entry, entry.token == token else { return nil }
        if let lifetime, let now, let at = entry.at, now - at >= lifetime { return nil }
        return entry.value
    }

    /// Keeps `value` for `key` (and `token`) from now.
    @inlinable
    public func keep(_ value: Value, for key: Key, token: String? = nil) {
        let now = lifetime == nil ? nil : ContinuousClock.now
        entries.withLock { put(&$0, key, Entry(value: value, at: now, token: token)) }
    }

    /// Keeps each value for its key (and token) from now (one lock for all).
    @inlinable
    public func keep(_ values: [(key: Key, token: String?, value: Value)]) {
        let now = lifetime == nil ? nil : ContinuousClock.now
        entries.withLock { entries in
            for (key, token, value) in values { put(&entries, key, Entry(value: value, at: now, token: token)) }
        }
    }

    @inlinable
    func put(_ entries: inout Entries, _ key: Key, _ entry: Entry) {
        if entries.byKey.updateValue(entry, forKey: key) != nil { return }
        if entries.ring.count < capacity {
            entries.ring.append(key)
        } else {
            entries.byKey[entries.ring[entries.oldest]] = nil
            entries.ring[entries.oldest] = key
            entries.oldest = (entries.oldest + 1) % capacity
        }
    }

    /// The value kept for `key`, else the one `read` gives (then kept).
    @inlinable
    public func value(
        for key: Key, token: String? = nil, orRead read: () async throws -> Value
    ) async rethrows -> Value {
        if let value = value(for: key, token: token) { return value }
        let value = try await read()
        keep(value, for: key, token: token)
        return value
    }

    /// The value kept for `key`, else the one `make` gives (then kept).
    @inlinable
    public func value(for key: Key, orMake make: () -> Value) -> Value {
        if let value = value(for: key) { return value }
        let value = make()
        keep(value, for: key)
        return value
    }

    /// Forgets every entry.
    @inlinable
    public func forgetAll() {
        entries.withLock { $0 = Entries() }
    }
}

extension Kept where Key == KeptOnce {
    /// The one value kept, else the one `read` gives (then kept).
    @inlinable
    public func value(orRead read: () async throws -> Value) async rethrows -> Value {
        try await value(for: .value, orRead: read)
    }
}

/// The key of a cache that keeps one value.
public enum KeptOnce: Hashable, Sendable { case value }
