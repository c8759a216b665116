import Foundation
import ParkDeskCore
import Testing
import Yams

/// The OpenAPI document as the web team reads it (from the source tree).
enum OpenAPIContract {
    nonisolated(unsafe) static let document: [String: Any] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/ParkDeskOpenAPI/openapi.yaml").standardizedFileURL
        guard let text = try? String(contentsOf: url, encoding: .utf8),
            let tree = try? Yams.load(yaml: text) as? [String: Any]
        else { return [:] }
        return tree
    }()

    static func schema(_ name: String) throws -> [String: Any] {
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        return try #require(schemas?[name] as? [String: Any], "no schema \(name)")
    }

    static func enumValues(_ name: String) throws -> [String] {
        try #require(try schema(name)["enum"] as? [String])
    }

    static func properties(_ name: String) throws -> Set<String> {
        Set((try schema(name)["properties"] as? [String: Any] ?? [:]).keys)
    }
}

/// The document and the code agree: every enum has the same values and labels, every draft field is in
/// the request bodies. (The generated server types keep paths, parameters and schemas in step.)
@Suite struct OpenAPIContractTests {
    static let coreEnums: [any LabeledEnum.Type] = [
        ListingKind.self, DealType.self, ListingStatus.self, OwnerType.self, FireRating.self, LandNature.self,
        TitleStatus.self, PriceUnit.self, MediaKind.self, ListingSort.self, LeadStatus.self, LeadSource.self,
    ]

    @Test func enumsHaveCoresValuesAndDescribeTheirChineseLabels() throws {
        for type in Self.coreEnums {
            let (name, cases) = (String(describing: type), type.keysAndLabels)
            #expect(try OpenAPIContract.enumValues(name) == cases.map(\.key), "\(name)")
            let description = try OpenAPIContract.schema(name)["description"] as? String ?? ""
            for (key, label) in cases {
                #expect(description.contains("\(key) \(label)"), "\(name): description lacks '\(key) \(label)'")
            }
        }
        #expect(try OpenAPIContract.enumValues("PublicListingStatus") == ListingStatus.publicStatuses.map(\.rawValue))
    }

    @Test func requestBodiesCarryExactlyTheDraftsFields() throws {
        let draftFields = Set(ListingField.allCases.map(\.rawValue))
        #expect(try OpenAPIContract.properties("ListingPatch") == draftFields)
        #expect(try OpenAPIContract.properties("ListingInput") == draftFields.union(["status"]))
        let schema = try OpenAPIContract.schema("ListingInput")
        #expect(schema["additionalProperties"] as? Bool == false)
    }

    /// Core's one reader of search parameters knows exactly the public search's query parameters, by name.
    @Test func theSearchParametersAreTheContracts() throws {
        let paths = try #require(OpenAPIContract.document["paths"] as? [String: Any])
        let search = try #require((paths["/api/v1/listings"] as? [String: Any])?["get"] as? [String: Any])
        let components = try #require(OpenAPIContract.document["components"] as? [String: Any])
        let shared = try #require(components["parameters"] as? [String: [String: Any]])
        let names = try #require(search["parameters"] as? [[String: Any]]).compactMap { parameter in
            let declared = (parameter["$ref"] as? String).flatMap { shared[String($0.split(separator: "/").last!)] }
            let resolved = declared ?? parameter
            return resolved["in"] as? String == "query" ? resolved["name"] as? String : nil
        }
        #expect(names.sorted() == SearchParameter.allCases.map(\.rawValue).sorted())
    }

    @Test func everyOperationDocumentsItsErrorsAsProblemJSON() throws {
        let paths = try #require(OpenAPIContract.document["paths"] as? [String: Any])
        for case let (path, item as [String: Any]) in paths {
            for case let (method, operation as [String: Any]) in item {
                let responses = operation["responses"] as? [String: Any] ?? [:]
                #expect(operation["operationId"] != nil, "\(method) \(path)")
                if path.hasPrefix("/api/") {
                    #expect(responses["400"] != nil, "\(method) \(path) has no 400")
                }
                if path.hasPrefix("/api/v1/admin") {
                    #expect(responses["401"] != nil && responses["403"] != nil, "\(method) \(path)")
                    #expect(operation["security"] != nil)
                }
            }
        }
    }

    /// Contract gap (issue 29): `need.parks: [""]` passed the schema and was refused by the server. Every list of
    /// names the server checks entry by entry says in the document what it refuses: a blank entry.
    @Test func listsOfNamesRefuseBlankEntriesInTheDocumentAsTheServerDoes() throws {
        let lists = [
            ("LeadNeed", "districts"), ("LeadNeed", "parks"), ("ListingInput", "features"),
            ("ListingInput", "allowedUses"), ("ListingPatch", "features"), ("ListingPatch", "allowedUses"),
        ]
        for (schema, property) in lists {
            let properties = try #require(try OpenAPIContract.schema(schema)["properties"] as? [String: Any])
            let items = try #require((properties[property] as? [String: Any])?["items"] as? [String: Any])
            let pattern = try NSRegularExpression(
                pattern: try #require(items["pattern"] as? String, "\(schema).\(property)"))
            #expect(items["minLength"] as? Int == 1, "\(schema).\(property)")
            for entry in ["", " ", "\u{3000}", "\t\n"] {
                let matches = pattern.firstMatch(in: entry, range: NSRange(entry.startIndex..., in: entry)) != nil
                #expect(!matches, "\(schema).\(property) takes \(entry.debugDescription)")
                var need = LeadDraft()
                (need.mobile, need.parks) = ("13812345678", [entry])
                #expect(throws: ValidationFailed.self) { try need.validated() }
            }
        }
    }
}

extension LabeledEnum {
    /// Every case's key and Chinese label, as the contract's enums list them.
    static var keysAndLabels: [(key: String, label: String)] { allCases.map { ($0.rawValue, $0.label) } }
}
