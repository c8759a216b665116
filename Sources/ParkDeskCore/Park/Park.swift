/// An industrial park (园区): its own place with a district, address and location.
public struct Park: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    /// The district's Chinese name.
    public var district: String
    public var districtKey: String
    public var address: String
    public var latitude: Double?
    public var longitude: Double?
    public var description: String
    /// How many listings the public can see in it (active or pending).
    public var activeListings: Int
    /// The short names people write for it (天易工业园), which the text parser reads as the park.
    public var aliases: [String]

    public init(
        id: Int, name: String, district: String, districtKey: String, address: String, latitude: Double?,
        longitude: Double?, description: String, activeListings: Int, aliases: [String] = []
    ) {
        self.aliases = aliases
        self.id = id
        self.name = name
        self.district = district
        self.districtKey = districtKey
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.description = description
        self.activeListings = activeListings
    }
}

/// What staff give to add a park.
public struct ParkDraft: Sendable, Equatable, Codable {
    public var name: String?
    public var district: String?
    public var address: String?
    public var latitude: Double?
    public var longitude: Double?
    public var description: String?
    /// Other names of the park; at most 20, each 2–60 characters.
    public var aliases: [String]?

    public init(
        name: String? = nil, district: String? = nil, address: String? = nil,
        latitude: Double? = nil, longitude: Double? = nil, description: String? = nil, aliases: [String]? = nil
    ) {
        self.aliases = aliases
        self.name = name
        self.district = district
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
        self.description = description
    }

    /// Checks the park's fields; returns it trimmed and NFC-normalised.
    public func validated() throws(ValidationFailed) -> ParkDraft {
        var check = FieldChecker()
        var clean = ParkDraft()
        clean.name = check.text(name, "name", min: 2, max: 60)
        clean.district = check.text(district, "district", min: 1, max: 40)
        clean.address = check.optionalText(address, "address", max: 200) ?? ""
        clean.latitude = check.range(latitude, "latitude", -90...90)
        clean.longitude = check.range(longitude, "longitude", -180...180)
        clean.description = check.optionalText(description, "description", max: 5000) ?? ""
        clean.aliases = aliases.map { names in
            var seen = Set<String>()
            return names.compactMap { check.optionalText($0, "aliases", max: 60) }.filter { seen.insert($0).inserted }
        }
        if let names = clean.aliases {
            if names.count > 20 { check.fail("aliases", "at most 20 other names") }
            if names.contains(where: { $0.count < 2 }) { check.fail("aliases", "each other name has 2–60 characters") }
            if let name = clean.name, names.contains(name) {
                check.fail("aliases", "the park's own name is not an alias")
            }
        }
        if (clean.latitude == nil) != (clean.longitude == nil) {
            check.fail(clean.latitude == nil ? "latitude" : "longitude", "give latitude and longitude together")
        }
        if !check.errors.isEmpty { throw ValidationFailed(check.errors) }
        return clean
    }
}

/// A district (区/县/市) or development zone the office lists in.
public struct District: Sendable, Equatable, Codable {
    public var id: Int
    public var key: String
    public var name: String
    public var cityCode: String
    public var cityName: String
    public var aliases: [String]

    public init(id: Int, key: String, name: String, cityCode: String, cityName: String, aliases: [String]) {
        self.id = id
        self.key = key
        self.name = name
        self.cityCode = cityCode
        self.cityName = cityName
        self.aliases = aliases
    }

    /// Whether `text` names this district by key, Chinese name or alias.
    public func matches(_ text: String) -> Bool {
        let t = text.trimmingWhitespace()
        return t.lowercased() == key || t == name || aliases.contains(t)
    }
}
