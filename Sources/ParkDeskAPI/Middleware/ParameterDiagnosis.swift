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
        let method: String
        let parameters: [Parameter]
    }

    /// Whether the operation takes the header `name`.
    static func declaresHeader(_ name: String, operationID: String) -> Bool {
        byOperation[operationID]?.parameters.contains { $0.location == "header" && $0.name == name } ?? false
    }

    /// The methods the document declares for the path (`/api/v1/leads/LD-2026-000001` matches
    /// `/api/v1/leads/{leadRef}`), for `405` and its `Allow` header; empty for an unknown path.
    static func declaredMethods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/")
        let methods = byOperation.values.filter { operation in
            let template = operation.pathTemplate.split(separator: "/")
            return template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method)
        // every GET answers HEAD too (RequestGuard)
        return Set(methods + (methods.contains("GET") ? ["HEAD"] : [])).sorted()
    }

    /// The served document as a tree (read anew: only error paths need it after start-up).
    private static func parsedDocument() -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.readableBytesView)) as? [String: Any]) ?? [:]
    }

    /// `node` with its `$ref` (`#/components/<kind>/<name>`) followed.
    private static func resolve(_ node: Any?, in document: [String: Any]) -> [String: Any] {
        let components = document["components"] as? [String: Any] ?? [:]
        guard var object = node as? [String: Any] else { return [:] }
        while let ref = object["$ref"] as? String {
            let parts = ref.split(separator: "/").dropFirst(2).map(String.init)
            guard parts.count == 2, let group = components[parts[0]] as? [String: Any],
                let target = group[parts[1]] as? [String: Any]
            else { return [:] }
            object = target
        }
        return object
    }

    /// Every field of `body` that the request body schema of `operationID` does not have, at any depth
    /// (`need.x`), where the schema refuses additional properties.
    static func unknownBodyFields(operationID: String, body: Any) -> [String] {
        let document = parsedDocument()
        let operations = (document["paths"] as? [String: Any] ?? [:]).values.compactMap { $0 as? [String: Any] }
            .flatMap(\.values).compactMap { $0 as? [String: Any] }
        guard let operation = operations.first(where: { $0["operationId"] as? String == operationID }) else {
            return []
        }
        let content = resolve(operation["requestBody"], in: document)["content"] as? [String: Any]
        var unknown: [String] = []
        func walk(_ node: Any, _ schemaNode: Any?, _ path: String) {
            let schema = resolve(schemaNode, in: document)
            if let array = node as? [Any] {
                for (position, item) in array.enumerated() { walk(item, schema["items"], "\(path)[\(position)]") }
            } else if let object = node as? [String: Any] {
                let properties = schema["properties"] as? [String: Any] ?? [:]
                for key in object.keys.sorted() {
                    let field = path.isEmpty ? key : path + "." + key
                    if let property = properties[key] {
                        walk(object[key] as Any, property, field)
                    } else if schema["additionalProperties"] as? Bool == false {
                        unknown.append(field)
                    }
                }
            }
        }
        walk(body, (content?["application/json"] as? [String: Any])?["schema"], "")
        return unknown
    }

    /// Parameters by operation id, read once from the served document.
    static let byOperation: [String: Operation] = {
        let document = parsedDocument()
        let resolve = { (node: Any?) in Self.resolve(node, in: document) }
        guard let paths = document["paths"] as? [String: Any] else { return [:] }
        var result: [String: Operation] = [:]
        for case let (template, item as [String: Any]) in paths {
            for case let (method, operation as [String: Any]) in item {
                guard let id = operation["operationId"] as? String else { continue }
                let parameters = (operation["parameters"] as? [Any] ?? []).map(resolve)
                let described = parameters.compactMap { p -> Parameter? in
                    guard let name = p["name"] as? String, let location = p["in"] as? String else { return nil }
                    var schema = resolve(p["schema"])
                    let type = schema["type"] as? String ?? "string"
                    if type == "array" { schema = resolve(schema["items"]) }
                    return Parameter(
                        name: name, location: location,
                        type: type == "array" ? (schema["type"] as? String ?? "string") : type,
                        allowed: schema["enum"] as? [String])
                }
                result[id] = Operation(pathTemplate: template, method: method.uppercased(), parameters: described)
            }
        }
        return result
    }()

    /// The first parameter whose value cannot be read, with what it must be; `nil` if all look fine.
    static func invalidParameter(operationID: String, request: HTTPRequest) -> Problem.FieldError? {
        guard let operation = byOperation[operationID],
            let components = URLComponents(string: request.path ?? "")
        else { return nil }
        var given: [(name: String, value: String)] = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        let templateSegments = operation.pathTemplate.split(separator: "/")
        let pathSegments = components.path.split(separator: "/")
        if templateSegments.count == pathSegments.count {
            for (template, value) in zip(templateSegments, pathSegments) where template.hasPrefix("{") {
                given.append(
                    (String(template.dropFirst().dropLast()), String(value).removingPercentEncoding ?? String(value)))
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
