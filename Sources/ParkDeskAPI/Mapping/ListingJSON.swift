import Foundation
import OpenAPIRuntime
import ParkDeskOpenAPI

/// A generated type `JSONByteWriter` writes field by field, without `Codable`'s containers: the search page and
/// its listings, which every public search answers with (the containers were 20 % of the server's CPU even
/// when streamed). `StreamingJSONEncoderTests` holds the output to the runtime encoder's.
protocol DirectJSON {
    func writeJSON(to writer: JSONByteWriter) throws
}

extension JSONByteWriter {
    /// `,"key":` — every member after an object's first.
    func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: ","))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    func member(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        member(name, value)
    }

    func member(_ name: StaticString, _ value: Double?) throws {
        guard let value else { return }
        key(name)
        try double(value)
    }

    func member(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bytes += (value ? "true" : "false").utf8
    }
}

extension Components.Schemas.ListingPage: DirectJSON {
    func writeJSON(to writer: JSONByteWriter) throws {
        writer.bytes += #"{"items":["#.utf8
        for (index, item) in items.enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            try item.writeJSON(to: writer)
        }
        writer.bytes.append(UInt8(ascii: "]"))
        writer.member("nextCursor", nextCursor)
        if let facets {
            writer.key("facets")
            try writer.write(facets)
        }
        writer.bytes.append(UInt8(ascii: "}"))
    }
}

extension Components.Schemas.ListingSummary: DirectJSON {
    func writeJSON(to writer: JSONByteWriter) throws {
        writer.bytes += #"{"ref":"#.utf8
        writer.string(ref)
        writer.member("title", title)
        writer.member("kind", kind.rawValue)
        writer.member("kindLabel", kindLabel)
        writer.member("deal", deal.rawValue)
        writer.member("dealLabel", dealLabel)
        writer.member("status", status.rawValue)
        writer.member("statusLabel", statusLabel)
        writer.key("district")
        writer.bytes += #"{"key":"#.utf8
        writer.string(district.key.rawValue)
        writer.member("name", district.name)
        writer.bytes.append(UInt8(ascii: "}"))
        writer.member("town", town)
        if let park {
            writer.key("park")
            writer.bytes += #"{"id":"#.utf8
            writer.bytes += String(park.id).utf8
            writer.member("name", park.name)
            writer.bytes.append(UInt8(ascii: "}"))
        }
        try writer.member("buildingArea", buildingArea)
        try writer.member("landArea", landArea)
        try writer.member("landAreaMu", landAreaMu)
        writer.key("price")
        writer.bytes += #"{"unit":"#.utf8
        writer.string(price.unit.rawValue)
        try writer.member("amount", price.amount)
        writer.member("unitLabel", price.unitLabel)
        writer.member("text", price.text)
        writer.bytes.append(UInt8(ascii: "}"))
        if let normalizedPrice {
            writer.key("normalizedPrice")
            writer.bytes += #"{"unit":"#.utf8
            writer.string(normalizedPrice.unit.rawValue)
            try writer.member("value", normalizedPrice.value)
            writer.bytes.append(UInt8(ascii: "}"))
        }
        if let crane {
            writer.key("crane")
            writer.bytes += #"{"count":"#.utf8
            writer.bytes += String(crane.count).utf8
            try writer.member("maxTons", crane.maxTons)
            writer.bytes.append(UInt8(ascii: "}"))
        }
        writer.member("standalone", standalone)
        writer.member("singleStorey", singleStorey)
        writer.key("features")
        writer.bytes.append(UInt8(ascii: "["))
        for (index, feature) in features.enumerated() {
            if index > 0 { writer.bytes.append(UInt8(ascii: ",")) }
            writer.string(feature)
        }
        writer.bytes.append(UInt8(ascii: "]"))
        writer.member("coverPhoto", coverPhoto)
        if let location {
            writer.key("location")
            writer.bytes += #"{"latitude":"#.utf8
            try writer.double(location.latitude)
            try writer.member("longitude", location.longitude)
            writer.bytes.append(UInt8(ascii: "}"))
        }
        try writer.member("distanceKm", distanceKm)
        writer.member("updatedAt", try writer.dates.encode(updatedAt))
        writer.bytes.append(UInt8(ascii: "}"))
    }
}
