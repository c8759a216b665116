import Foundation
import HummingbirdBcrypt

/// Staff passwords: bcrypt (hummingbird-auth) at cost 12, computed off the request threads. bcrypt reads 72 bytes
/// at most, so a longer password is refused rather than silently cut.
enum Passwords {
    static let cost: UInt8 = 12
    static let minimumCharacters = 10
    static let maximumBytes = 72

    /// What is wrong with a new password, in Chinese, or `nil`.
    static func problem(_ password: String, repeated: String) -> String? {
        if password.count < minimumCharacters { return "密码至少 \(minimumCharacters) 个字符" }
        if password.utf8.count > maximumBytes { return "密码最长 \(maximumBytes) 字节（约 24 个汉字）" }
        if password != repeated { return "两次输入的密码不一致" }
        return nil
    }

    static func hash(_ password: String) async -> String {
        await offThread { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether the password is the one hashed; with no hash (an unknown login), a hash is still checked, so the
    /// answer takes as long either way.
    static func verify(_ password: String, hash: String?) async -> Bool {
        await offThread {
            guard password.utf8.count <= maximumBytes else { return false }
            guard let hash else {
                _ = Bcrypt.verify(password, hash: stand)
                return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
    }

    /// A hash nobody's password matches, checked for unknown logins.
    private static let stand = Bcrypt.hash("parkdesk: no such member", cost: cost)

    /// On a thread of its own: on Linux `DispatchQueue.global()` is the pool that runs every request's tasks, and
    /// a quarter second of bcrypt there holds up one of its (core-count) threads.
    private static func offThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: work()) }.start()
        }
    }
}
