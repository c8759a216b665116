import Foundation
import HTTPTypes
import NIOCore

/// Finds which query parameter or header of a request the generated decoder could not read. Its errors
/// do not carry the parameter's name, so this checks each given value against the parameter's type in
/// the OpenAPI document itself (types, enums, array items).
enum ParameterDiagnosis {
    struct Parameter {
        let name: String
        let location: String
        let type: String
        let allowed: [String]?
    }

    struct Operation {
        let pathTemplate: String
        let parameters: [Parameter]
    }

    /// Parameters by operation id, read once from the served document.
    static let byOperation: [String: Operation] = {
        guard let tree = try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.readableBytesView)) as? [String: Any],
              let paths = tree["paths"] as? [String: Any] else { return [:] }
        let components = tree["components"] as? [String: Any] ?? [:]
        func resolve(_ node: Any?) -> [String: Any] {
            guard var object = node as? [String: Any] else { return [:] }
            while let ref = object["$ref"] as? String {
                let parts = ref.split(separator: "/").dropFirst(2).map(String.init)  // "#/components/<kind>/<name>"
                guard parts.count == 2, let group = components[parts[0]] as? [String: Any],
                      let target = group[parts[1]] as? [String: Any] else { return [:] }
                object = target
            }
            return object
        }
        var result: [String: Operation] = [:]
        for case let (template, item as [String: Any]) in paths {
            for case let (_, operation as [String: Any]) in item {
                guard let id = operation["operationId"] as? String else { continue }
                let parameters = (operation["parameters"] as? [Any] ?? []).map(resolve)
                result[id] = Operation(pathTemplate: template, parameters: parameters.compactMap { p in
                    guard let name = p["name"] as? String, let location = p["in"] as? String else { return nil }
                    var schema = resolve(p["schema"])
                    let type = schema["type"] as? String ?? "string"
                    if type == "array" { schema = resolve(schema["items"]) }
                    return Parameter(name: name, location: location, type: type == "array" ? (schema["type"] as? String ?? "string") : type,
                                     allowed: schema["enum"] as? [String])
                })
            }
        }
        return result
    }()

    /// The first parameter whose value cannot be read, with what it must be; `nil` if all look fine.
    static func invalidParameter(operationID: String, request: HTTPRequest) -> Problem.FieldError? {
        guard let operation = byOperation[operationID],
              let components = URLComponents(string: request.path ?? "") else { return nil }
        var given: [(name: String, value: String)] = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        let templateSegments = operation.pathTemplate.split(separator: "/")
        let pathSegments = components.path.split(separator: "/")
        if templateSegments.count == pathSegments.count {
            for (template, value) in zip(templateSegments, pathSegments) where template.hasPrefix("{") {
                given.append((String(template.dropFirst().dropLast()), String(value).removingPercentEncoding ?? String(value)))
            }
        }
        for parameter in operation.parameters where parameter.location == "query" || parameter.location == "path" {
            for item in given where item.name == parameter.name {
                if let message = problem(with: item.value, for: parameter) {
                    return .init(field: parameter.name, message: message)
                }
            }
        }
        return nil
    }

    static func problem(with value: String, for parameter: Parameter) -> String? {
        if let allowed = parameter.allowed, !allowed.contains(value) {
            return "must be one of \(allowed.joined(separator: ", ")); got '\(value)'"
        }
        switch parameter.type {
        case "integer": return Int(value) == nil ? "must be a whole number; got '\(value)'" : nil
        case "number": return Double(value).map { $0.isFinite } == true ? nil : "must be a number; got '\(value)'"
        case "boolean": return value == "true" || value == "false" ? nil : "must be true or false; got '\(value)'"
        default: return nil
        }
    }
}
