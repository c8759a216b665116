/// A strict reading of a JSON request body that names the field at fault for what Foundation's decoder either
/// accepts silently (a key given twice: the first value would win; `null`, read as "left out") or refuses
/// without saying where (a lone UTF-16 surrogate, a number beyond the range of a double, broken syntax).
struct StrictJSON {
    /// What is wrong, and where (`need.kinds[1]`, `body` for the document itself).
    struct Finding: Equatable {
        let field: String
        let message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var findings: [Finding] = []
    private static let maxFindings = 20
    private static let maxDepth = 64

    /// Every finding in `body`, in document order (at most 20); empty when the body is clean.
    static func check(_ body: [UInt8]) -> [Finding] {
        var reader = StrictJSON(bytes: body)
        do {
            reader.skipSpace()
            try reader.value(path: "", depth: 0)
            reader.skipSpace()
            if reader.index != reader.bytes.count { throw Broken() }
        } catch {
            return reader.findings + [Finding(field: "body", message: "is not valid JSON")]
        }
        return reader.findings
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private struct Broken: Error {}

    private static func field(_ path: String) -> String { path.isEmpty ? "body" : path }

    private mutating func note(_ path: String, _ message: String) {
        if findings.count < Self.maxFindings { findings.append(Finding(field: Self.field(path), message: message)) }
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard index < bytes.count, bytes[index] == byte else { throw Broken() }
        index += 1
    }

    private mutating func literal(_ word: String) throws {
        for byte in word.utf8 { try expect(byte) }
    }

    private mutating func value(path: String, depth: Int) throws {
        guard depth < Self.maxDepth, index < bytes.count else { throw Broken() }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object(path: path, depth: depth)
        case UInt8(ascii: "["): try array(path: path, depth: depth)
        case UInt8(ascii: "\""): _ = try string(path: path)
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"):
            try literal("null")
            note(path, "must not be null; leave the field out instead")
        default: try number(path: path)
        }
    }

    private mutating func object(path: String, depth: Int) throws {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return }
        var seen = Set<String>()
        while true {
            skipSpace()
            let key = try string(path: path)
            let child = path.isEmpty ? key : path + "." + key
            if !seen.insert(key).inserted { note(child, "appears more than once; send each field once") }
            skipSpace()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            try value(path: child, depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw Broken() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    private mutating func array(path: String, depth: Int) throws {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return }
        var position = 0
        while true {
            skipSpace()
            try value(path: "\(path)[\(position)]", depth: depth + 1)
            position += 1
            skipSpace()
            guard index < bytes.count else { throw Broken() }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    /// A string's text (keys are needed for paths and duplicates); notes lone surrogates and raw control bytes.
    private mutating func string(path: String) throws -> String {
        try expect(UInt8(ascii: "\""))
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        var loneSurrogate = false
        func flush() {
            if !raw.isEmpty { scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars) }
            raw.removeAll(keepingCapacity: true)
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                if loneSurrogate { note(path, "contains a lone UTF-16 surrogate (\\uD800–\\uDFFF), which is not text") }
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard index < bytes.count else { throw Broken() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "u"):
                    let unit = try hex4()
                    if (0xD800...0xDBFF).contains(unit), index + 1 < bytes.count,
                        bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                    {
                        let save = index
                        index += 2
                        let low = try hex4()
                        if (0xDC00...0xDFFF).contains(low),
                            let scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                        {
                            scalars.append(scalar)
                            continue
                        }
                        index = save
                    }
                    if let scalar = Unicode.Scalar(unit) { scalars.append(scalar) } else { loneSurrogate = true }
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escape))
                case UInt8(ascii: "b"): scalars.append("\u{8}")
                case UInt8(ascii: "f"): scalars.append("\u{C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                default: throw Broken()
                }
            default:
                guard byte >= 0x20 else { throw Broken() }
                raw.append(byte)
            }
        }
        throw Broken()
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw Broken() }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { throw Broken() }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func number(path: String) throws {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digits = { (reader: inout StrictJSON) -> Int in
            let from = reader.index
            while reader.index < reader.bytes.count, (0x30...0x39).contains(reader.bytes[reader.index]) {
                reader.index += 1
            }
            return reader.index - from
        }
        let integerStart = index
        guard digits(&self) > 0 else { throw Broken() }
        if bytes[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 { throw Broken() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw Broken() }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard digits(&self) > 0 else { throw Broken() }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if let value = Double(text), !value.isFinite {
            note(path, "is out of range (numbers must fit a double, about ±1.8e308)")
        }
    }
}
