import Crypto
import Foundation
import NIOCore

/// Secrets made here for people to hold (API tokens, session ids, password links): 256 random bits as base64url;
/// only their SHA-256 is stored.
enum RandomSecret {
    /// 32 random bytes as 43 base64url characters, after `prefix`.
    static func make(prefix: String = "") -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        return prefix
            + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of the secret, bound as `bytea`.
    static func hash(_ secret: String) -> ByteBuffer {
        ByteBuffer(bytes: SHA256.hash(data: Data(secret.utf8)))
    }
}
