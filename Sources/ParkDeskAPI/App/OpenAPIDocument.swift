import ParkDeskHTTP
import Foundation
import Hummingbird
import ParkDeskOpenAPI
import Yams

/// Serves the API contract, `openapi.yaml`, as YAML and as JSON (converted once, at first use).
enum OpenAPIDocument {
    static var yaml: String { ContractDocument.yaml }

    static let json: ByteBuffer = {
        guard let tree = try? Yams.load(yaml: yaml),
            let data = try? JSONSerialization.data(
                withJSONObject: tree, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return ByteBuffer(string: "{}") }
        return ByteBuffer(bytes: data)
    }()

    static func addRoutes(to router: Router<AppRequestContext>) {
        router.get("openapi.yaml") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: yaml)))
        }
        router.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: json))
        }
    }
}
