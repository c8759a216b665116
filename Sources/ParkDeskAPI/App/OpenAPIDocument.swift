import Foundation
import Hummingbird
import Yams

/// Serves the API contract, `openapi.yaml`, as YAML and as JSON (converted once, at first use).
enum OpenAPIDocument {
    static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()

    static let json: ByteBuffer = {
        guard let tree = try? Yams.load(yaml: yaml),
              let data = try? JSONSerialization.data(withJSONObject: tree, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return ByteBuffer(string: "{}") }
        return ByteBuffer(bytes: data)
    }()

    static func addRoutes(to router: Router<AppRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: json))
        }
    }
}
