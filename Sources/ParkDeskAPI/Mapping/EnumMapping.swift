import ParkDeskCore

/// Converts between Core's enums and the generated ones: both use the same keys (a test checks every
/// case of every enum), so conversion goes through the raw value.
enum EnumMapping {
    /// The generated enum is out of step with Core's: a bug on our side, not the client's.
    struct Mismatch: Error, CustomStringConvertible {
        let value: String
        let type: String
        var description: String { "'\(value)' has no case in \(type); the OpenAPI document and Core disagree" }
    }

    static func convert<Target: RawRepresentable<String>>(
        _ value: some RawRepresentable<String>, to type: Target.Type = Target.self
    ) throws -> Target {
        try converted(value.rawValue)
    }

    static func convert<Target: RawRepresentable<String>>(
        _ value: (some RawRepresentable<String>)?, to type: Target.Type = Target.self
    ) throws -> Target? {
        guard let value else { return nil }
        return try converted(value.rawValue)
    }

    static func convert<Target: RawRepresentable<String>>(
        _ values: [some RawRepresentable<String>]?, to type: Target.Type = Target.self
    ) throws -> [Target] {
        try (values ?? []).map { try converted($0.rawValue) }
    }

    private static func converted<Target: RawRepresentable<String>>(_ raw: String) throws -> Target {
        guard let value = Target(rawValue: raw) else {
            throw Mismatch(value: raw, type: String(describing: Target.self))
        }
        return value
    }
}
