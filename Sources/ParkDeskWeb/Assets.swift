import Crypto
import Foundation
import Hummingbird

/// The site's own CSS, script and icon, served from the package's resources under names that carry a hash of
/// their bytes (`/assets/site.3f9a1c2b.css`), so that browsers may keep them for a year.
struct Assets: Sendable {
    struct Asset: Sendable {
        let path, contentType: String
        let bytes: ByteBuffer
    }

    /// By logical name (`site.css`).
    let byName: [String: Asset]

    init(directory: URL) throws {
        var assets: [String: Asset] = [:]
        for (name, type) in [
            ("site.css", "text/css; charset=utf-8"), ("site.js", "text/javascript; charset=utf-8"),
            ("icon.svg", "image/svg+xml"), ("share.png", "image/png"),
        ] {
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let digest = SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
            let dot = name.lastIndex(of: ".")!
            let path = "/assets/\(name[..<dot]).\(digest)\(name[dot...])"
            assets[name] = Asset(path: path, contentType: type, bytes: ByteBuffer(bytes: data))
        }
        byName = assets
    }

    /// The fingerprinted path of an asset, for templates.
    func path(_ name: String) -> String { byName[name]?.path ?? "/assets/" + name }

    /// The asset at a fingerprinted path, if it is one of ours.
    func asset(at path: String) -> Asset? { byName.values.first { $0.path == path } }
}
