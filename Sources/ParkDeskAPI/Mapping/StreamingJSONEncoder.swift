import Foundation
import OpenAPIRuntime

/// Writes an `Encodable` as JSON straight into bytes, keys in the order the type encodes them — for the hot
/// answers (the search page, the listing detail), where Foundation's `JSONEncoder`, which builds a tree of
/// dictionaries and then sorts and serialises it, was 30 % of the server's CPU. Its output decodes to the same
/// values as the runtime's encoder gives (tested over every kind of listing); dates are written as the runtime's
/// transcoder writes them. Two keyed containers on one encoder make one object (how the generated `allOf` types
/// encode their parts).
struct StreamingJSONEncoder {
    /// The encoder of the API's answers (dates as the generated server writes them).
    static let api = StreamingJSONEncoder(dates: UTCDateTranscoder())

    let dates: any DateTranscoder

    func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter(dates: dates)
        writer.bytes.reserveCapacity(16 * 1024)
        try writer.write(value)
        return writer.bytes
    }
}

/// The bytes being written, and what each open value has written so far.
final class JSONByteWriter {
    var bytes: [UInt8] = []
    /// The values being written, outermost first (a stack rather than an object each: fewer allocations).
    var open: [Open] = []
    let dates: any DateTranscoder

    init(dates: any DateTranscoder) { self.dates = dates }

    /// One value: the common leaf types and the hot listing types directly (`DirectJSON`), anything else through
    /// its `encode(to:)`.
    func write<T: Encodable>(_ value: T) throws {
        switch value {
        case let direct as any DirectJSON: try direct.writeJSON(to: self)
        case let text as String: string(text)
        case let number as Int: bytes += String(number).utf8
        case let number as Double: try double(number)
        case let number as any BinaryInteger: bytes += String(describing: number).utf8
        case let number as Float: try double(Double(number))
        case let flag as Bool: bytes += (flag ? "true" : "false").utf8
        case let date as Date: string(try dates.encode(date))
        default:
            open.append(Open())
            try value.encode(to: ByteEncoder(writer: self, level: open.count - 1))
            switch open.removeLast().shape {
            case .object: bytes.append(UInt8(ascii: "}"))
            case .array: bytes.append(UInt8(ascii: "]"))
            case .single: break
            case .none: bytes += "{}".utf8
            }
        }
    }

    func double(_ number: Double) throws {
        guard number.isFinite else {
            throw EncodingError.invalidValue(number, .init(codingPath: [], debugDescription: "not a JSON number"))
        }
        if number == number.rounded(), abs(number) < 1e15 {
            bytes += String(Int64(number)).utf8
        } else {
            bytes += String(number).utf8
        }
    }

    func string(_ text: String) {
        Self.appendQuoted(text, to: &bytes)
    }

    /// `text` as a JSON string, in one access to the buffer (each access to a class's array is checked for
    /// exclusivity: per byte, that was a tenth of the server's time).
    private static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes += utf8
        } else {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes += "\\\"".utf8
                case UInt8(ascii: "\\"): bytes += "\\\\".utf8
                case UInt8(ascii: "\n"): bytes += "\\n".utf8
                case UInt8(ascii: "\r"): bytes += "\\r".utf8
                case UInt8(ascii: "\t"): bytes += "\\t".utf8
                case 0..<0x20:
                    bytes += "\\u00".utf8
                    bytes.append(hexDigits[Int(byte >> 4)])
                    bytes.append(hexDigits[Int(byte & 0xF)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Starts the next member of an object or element of an array: the comma before all but the first.
    func separate(_ level: Int) {
        if open[level].count > 0 { bytes.append(UInt8(ascii: ",")) }
        open[level].count += 1
    }

    /// Opens the value at `level` as `shape` (an object once: two keyed containers on one encoder share it).
    func begin(_ level: Int, _ shape: Open.Shape) {
        guard open[level].shape == .none else { return }
        open[level].shape = shape
        switch shape {
        case .object: bytes.append(UInt8(ascii: "{"))
        case .array: bytes.append(UInt8(ascii: "["))
        case .single, .none: break
        }
    }
}

/// What one value has opened: nothing yet, an object, an array or a single value, and how many members.
struct Open {
    enum Shape { case none, object, array, single }
    var shape = Shape.none
    var count = 0
}

private struct ByteEncoder: Encoder {
    let writer: JSONByteWriter
    let level: Int
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        writer.begin(level, .object)
        return KeyedEncodingContainer(KeyedWriter<Key>(writer: writer, level: level))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        writer.begin(level, .array)
        return UnkeyedWriter(writer: writer, level: level)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        writer.begin(level, .single)
        return SingleWriter(writer: writer)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let level: Int
    var codingPath: [any CodingKey] { [] }

    private func key(_ key: Key) {
        writer.separate(level)
        writer.string(key.stringValue)
        writer.bytes.append(UInt8(ascii: ":"))
    }

    mutating func encodeNil(forKey key: Key) throws {
        self.key(key)
        writer.bytes += "null".utf8
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        self.key(key)
        try writer.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not used by the generated types")
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not used by the generated types")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("not used by the generated types") }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        preconditionFailure("not used by the generated types")
    }
}

private struct UnkeyedWriter: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let level: Int
    var codingPath: [any CodingKey] { [] }
    var count: Int { writer.open[level].count }

    mutating func encodeNil() throws {
        writer.separate(level)
        writer.bytes += "null".utf8
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        writer.separate(level)
        try writer.write(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        preconditionFailure("nested containers are not used by the generated types")
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        preconditionFailure("nested containers are not used by the generated types")
    }

    mutating func superEncoder() -> any Encoder { preconditionFailure("not used by the generated types") }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let writer: JSONByteWriter
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { writer.bytes += "null".utf8 }
    mutating func encode<T: Encodable>(_ value: T) throws { try writer.write(value) }
}
