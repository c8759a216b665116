public import ParkDeskCore
import PostgresNIO

/// The channels notifications go to, kept in `notify_channels`; changes go to the audit log.
extension NotificationStore {
    /// Adds a channel; an agent's channel is named by the agent's token.
    public func addChannel(_ draft: NotificationChannelDraft, actor: String) async throws -> NotificationChannel {
        let channel = try draft.validated()
        return try await client.writeTransaction(logger: logger) { tx in
            var agentID: Int?
            if let agent = channel.agent {
                agentID = try await StaffStore.agentID(login: agent, field: "agent", on: tx, logger: logger)
            }
            let rows = try await tx.run(
                """
                INSERT INTO notify_channels
                    (name, kind, url, secret, keyword, events, agent_id, full_mobile, per_minute)
                VALUES (\(channel.name), \(channel.kind.rawValue)::notify_channel_kind, \(channel.url),
                        \(channel.secret), \(channel.keyword), \(channel.events.map(\.rawValue))::notify_event[],
                        \(agentID), \(channel.fullMobile), \(channel.perMinute))
                ON CONFLICT (name) DO NOTHING RETURNING id
                """, logger: logger)
            var added = false
            for try await _ in rows.decode(Int.self) { added = true }
            guard added else { throw ValidationFailed("name", "a channel named '\(channel.name)' exists already") }
            try await AuditLog.record(
                "notify.channel.add", target: channel.name, actor: actor,
                detail: [
                    "kind": channel.kind.rawValue, "events": channel.events.map(\.rawValue).joined(separator: ","),
                ],
                on: tx, logger: logger)
            return try await Self.channels(named: channel.name, on: tx, logger: logger)[0]
        }
    }

    /// Every channel, by name.
    public func channels() async throws -> [NotificationChannel] {
        try await client.withConnection { try await Self.channels(named: nil, on: $0, logger: logger) }
    }

    public func channel(named name: String) async throws -> NotificationChannel {
        let found = try await client.withConnection { try await Self.channels(named: name, on: $0, logger: logger) }
        guard let channel = found.first else { throw NotFound("channel", name) }
        return channel
    }

    /// Removes a channel and its undelivered rows.
    public func removeChannel(named name: String, actor: String) async throws {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run("DELETE FROM notify_channels WHERE name = \(name) RETURNING id", logger: logger)
            var removed = false
            for try await _ in rows.decode(Int.self) { removed = true }
            guard removed else { throw NotFound("channel", name) }
            try await AuditLog.record("notify.channel.remove", target: name, actor: actor, on: tx, logger: logger)
        }
    }

    /// Turns a channel off (its rows wait) or on again.
    public func setChannel(named name: String, enabled: Bool, actor: String) async throws {
        try await client.writeTransaction(logger: logger) { tx in
            let rows = try await tx.run(
                "UPDATE notify_channels SET enabled = \(enabled) WHERE name = \(name) RETURNING id", logger: logger)
            var found = false
            for try await _ in rows.decode(Int.self) { found = true }
            guard found else { throw NotFound("channel", name) }
            try await AuditLog.record(
                enabled ? "notify.channel.enable" : "notify.channel.disable", target: name, actor: actor, on: tx,
                logger: logger)
        }
    }

    static let channelColumns: SQL = """
        ch.id, ch.name, ch.kind::text AS kind, ch.url, ch.secret, ch.keyword, ch.events::text[] AS events,
        (SELECT t.login FROM staff t WHERE t.id = ch.agent_id) AS agent, ch.full_mobile, ch.per_minute, ch.enabled
        """

    static func channels(
        named name: String?, on connection: PostgresConnection, logger: Logger
    ) async throws
        -> [NotificationChannel]
    {
        let rows = try await connection.run(
            """
            SELECT \(channelColumns) FROM notify_channels ch
            WHERE \(name)::text IS NULL OR ch.name = \(name) ORDER BY ch.name
            """, logger: logger)
        var channels: [NotificationChannel] = []
        for try await row in rows {
            guard let channel = try channel(RowReader(row, table: "notify_channels")) else { continue }
            channels.append(channel)
        }
        return channels
    }

    /// A channel from `channelColumns`; nil when the row has none (a matching job).
    static func channel(_ r: RowReader) throws -> NotificationChannel? {
        guard let id = try r.value("id", Int?.self) else { return nil }
        guard let kind = try r.labeled("kind", NotificationChannelKind.self) else {
            throw RowReader.Corrupt(table: r.table, column: "kind")
        }
        return NotificationChannel(
            id: id, name: try r.value("name"), kind: kind, url: try r.value("url"), secret: try r.value("secret"),
            keyword: try r.value("keyword"),
            events: try r.value("events", [String].self).compactMap(NotificationEvent.init(rawValue:)),
            agent: try r.value("agent"), fullMobile: try r.value("full_mobile"), perMinute: try r.value("per_minute"),
            enabled: try r.value("enabled"))
    }
}
