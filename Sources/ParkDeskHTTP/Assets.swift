import Crypto
public import Foundation
public import Hummingbird

/// A door's own CSS, script and icons, served from the package's resources under names that carry a hash of
/// their bytes (`/assets/site.3f9a1c2b.css`), so that browsers may keep them for a year.
public struct Assets: Sendable {
    public struct Asset: Sendable {
        public let path, contentType: String
        public let bytes: ByteBuffer
    }

    /// By logical name (`site.css`).
    let byName: [String: Asset]

    /// The files `names` of `directory`, served under `prefix` (`/assets/`).
    public init(directory: URL, names: [String], prefix: String) throws {
        var assets: [String: Asset] = [:]
        let types = [
            "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
            "png": "image/png",
        ]
        for name in names {
            let type = types[String(name.split(separator: ".").last ?? "")] ?? "application/octet-stream"
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let digest = SHA256.hash(data: data).prefix(4).map { String(format: "%02x", $0) }.joined()
            let dot = name.lastIndex(of: ".")!
            let path = "\(prefix)\(name[..<dot]).\(digest)\(name[dot...])"
            assets[name] = Asset(path: path, contentType: type, bytes: ByteBuffer(bytes: data))
        }
        byName = assets
    }

    /// The fingerprinted path of an asset, for templates.
    public func path(_ name: String) -> String { byName[name]?.path ?? name }

    /// The asset at a fingerprinted path, if it is one of ours.
    public func asset(at path: String) -> Asset? { byName.values.first { $0.path == path } }
}

extension Assets {
    /// The asset at the request's path with a year's caching, or `nil` when it is not one of ours.
    public func response(at path: String) -> Response? {
        guard let asset = asset(at: path) else { return nil }
        return Response(
            status: .ok,
            headers: [
                .contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable",
                .xContentTypeOptions: "nosniff",
            ],
            body: .init(byteBuffer: asset.bytes))
    }
}
