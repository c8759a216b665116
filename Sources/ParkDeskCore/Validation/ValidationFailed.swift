/// One wrong input field and the rule it breaks. `field` is the camelCase name used in JSON.
public struct FieldError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(_ field: String, _ message: String) {
        (self.field, self.message) = (field, message)
    }

    public var description: String { "\(field): \(message)" }

    /// The field as a CLI flag: `buildingArea` → `--building-area`.
    public var flagName: String {
        var result = "--"
        for character in field {
            if character.isUppercase { result += "-" + character.lowercased() } else { result.append(character) }
        }
        return result
    }
}

/// Input that breaks one or more rules; carries every field error at once.
public struct ValidationFailed: Error, Sendable, Equatable, CustomStringConvertible {
    public let errors: [FieldError]

    public init(_ errors: [FieldError]) {
        self.errors = errors
    }

    public init(_ field: String, _ message: String) {
        self.errors = [FieldError(field, message)]
    }

    public var description: String { errors.map(\.description).joined(separator: "; ") }

    public var fields: [String] { errors.map(\.field) }
}

/// The input of an action names something that is not there (a listing ref, a park id …).
public struct NotFound: Error, Sendable, Equatable, CustomStringConvertible {
    public let what: String
    public let key: String

    public init(_ what: String, _ key: String) {
        (self.what, self.key) = (what, key)
    }

    public var description: String { "no \(what) '\(key)'" }
}

/// A write based on an old version: someone else changed the record meanwhile.
public struct VersionConflict: Error, Sendable, Equatable, CustomStringConvertible {
    public let ref: String
    public let expected: Int
    public let current: Int

    public init(ref: String, expected: Int, current: Int) {
        (self.ref, self.expected, self.current) = (ref, expected, current)
    }

    public var description: String {
        "\(ref) was changed meanwhile: you edited version \(expected), it is now at version \(current); reload "
            + "and try again"
    }
}
