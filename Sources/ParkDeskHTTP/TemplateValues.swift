public import Foundation

/// Views as plain values for the template engine (swift-mustache), shared by the doors that render pages.
public enum TemplateValues {
    /// The view as nested dictionaries and arrays, reflected once: the template engine then looks each
    /// `{{name}}` up in a hash table instead of reflecting on a struct at every lookup, which made a results
    /// page cost twice the same search through the API (BENCHMARKS.md).
    public static func plain(_ value: Any) -> Any {
        if let known = value as? any TemplateFields { return known.templateFields }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                // a missing value is NSNull, not absent: the engine then stops at this object instead of
                // looking for the name in every enclosing one (a third of a listing page's rendering)
                if let label = child.label { fields[label] = plainOptional(child.value) ?? NSNull() }
            }
            return fields
        case .collection:
            return mirror.children.compactMap { plainOptional($0.value) }
        default:
            return plainOptional(value) ?? ""
        }
    }

    /// `nil` for a missing optional (so that the engine treats it as false), else the plain value.
    private static func plainOptional(_ value: Any) -> Any? {
        // most values are text, flags and counts (also inside a present optional): no reflection for them
        if let text = value as? String { return text }
        if let flag = value as? Bool { return flag }
        if let number = value as? Int { return number }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else {
            return mirror.displayStyle == .struct || mirror.displayStyle == .collection ? plain(value) : value
        }
        return mirror.children.first.map { plainOptional($0.value) } ?? nil
    }
}

/// A view that hands the template engine its fields directly: the ones a page shows by the dozen (result cards,
/// filter choices), where reflecting on each cost a results page a fifth of its time.
public protocol TemplateFields {
    var templateFields: [String: Any] { get }
}

extension Optional {
    /// The value, or the engine's "missing" (`NSNull`).
    public var templateValue: Any { self ?? NSNull() }
}
