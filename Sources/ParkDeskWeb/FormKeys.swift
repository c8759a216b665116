import ParkDeskHTTP
import Crypto
import Foundation
import ParkDeskStore
import ParkDeskCore

/// The website form's one-time key, signed together with the time the form was shown: `<uuid>.<ms>.<mac>`. The bot
/// check reads the time from the key, so a post cannot move it back or leave it out. The key is HMAC-SHA256 with
/// the database's `form` secret, the same on every instance; until that secret is read (the database away when a
/// form is shown) keys are unsigned, and posting one shows the form again with a signed key, nothing lost.
final class FormKeys: Sendable {
    private let secrets: SiteSecrets
    private let secret = Kept<KeptOnce, [UInt8]>()

    init(secrets: SiteSecrets) {
        self.secrets = secrets
    }

    /// A new key for a form shown now.
    func fresh(now: Date = Date()) async -> String {
        let body = UUID().uuidString.lowercased() + "." + String(Int64(now.timeIntervalSince1970 * 1000))
        guard let key = await signingKey() else { return body }
        return body + "." + Self.mac(body, key)
    }

    /// When the form of a signed key was shown (ms since 1970); nil for a key that is unsigned or forged.
    func issued(_ formKey: String) async -> Int64? {
        let parts = formKey.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, UUID(uuidString: String(parts[0])) != nil, let issued = Int64(parts[1]),
            let key = await signingKey()
        else { return nil }
        let expected = Self.mac("\(parts[0]).\(parts[1])", key)
        // compared in constant time
        guard expected.utf8.count == parts[2].utf8.count,
            zip(expected.utf8, parts[2].utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else { return nil }
        return issued
    }

    private func signingKey() async -> SymmetricKey? {
        let secrets = self.secrets
        guard
            let bytes = try? await secret.value(orRead: {
                try await Deadline.run(within: .seconds(1), { try await secrets.secret(named: "form") })
            })
        else { return nil }
        return SymmetricKey(data: bytes)
    }

    private static func mac(_ text: String, _ key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key).prefix(16)
            .map { String(format: "%02x", $0) }.joined()
    }
}
