import Logging
import ParkDeskCore
import PostgresNIO

/// Secrets every instance shares, made once by the database itself (sql/0016): the same on every server behind
/// a load balancer, kept with the data (a backup carries them), never in a file or the environment.
public struct SiteSecrets: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// The bytes of the secret `name`.
    public func secret(named name: String) async throws -> [UInt8] {
        let rows = try await client.run("SELECT secret FROM site_secrets WHERE name = \(name)", logger: logger)
        for try await bytes in rows.decode(ByteBuffer.self) { return Array(bytes.readableBytesView) }
        throw NotFound("site secret", name)
    }
}

extension Database {
    public var secrets: SiteSecrets { SiteSecrets(client: client, logger: logger) }
}
