import Foundation
public import Hummingbird

/// Refuses `null` in JSON request bodies (the document allows it nowhere): the generated decoder would read it
/// as "left out", which hides a client's mistake. Leave a field out instead.
public struct JSONNullMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.headers[.contentType]?.lowercased().contains("json") == true else {
            return try await next(request, context)
        }
        var request = request
        let body = try await request.collectBody(upTo: .max)
        if body.readableBytesView.firstRange(of: Array("null".utf8)) != nil,
           let json = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView), options: [.fragmentsAllowed]),
           let path = firstNull(in: json, path: "") {
            throw Problem.badRequest(field: path, "must not be null; leave the field out instead")
        }
        return try await next(request, context)
    }

    func firstNull(in value: Any, path: String) -> String? {
        switch value {
        case is NSNull:
            return path.isEmpty ? "body" : path
        case let object as [String: Any]:
            for key in object.keys.sorted() {
                guard let child = object[key] else { continue }
                if let found = firstNull(in: child, path: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
            return nil
        case let array as [Any]:
            for (index, child) in array.enumerated() {
                if let found = firstNull(in: child, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
