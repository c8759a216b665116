public import Foundation

/// The contract itself, `openapi.yaml` (this target's resource), for serving and for checks; everything else in
/// this target is generated from it at build time.
public enum ContractDocument {
    public static let yaml: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()
}
