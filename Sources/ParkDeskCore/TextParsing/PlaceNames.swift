/// The place names a parser recognises: every district by name and alias (易俗河 → 湘潭县), every park by name and
/// alias (天易经开区 → 湘潭天易经开区), and the cities and province, which name no district. Built from the
/// districts and parks in the database, so a new alias needs no code.
public struct PlaceNames: Sendable {
    /// What a name refers to.
    public enum Place: Sendable, Equatable {
        /// A district by key and Chinese name.
        case district(key: String, name: String)
        /// A park by name, with its district.
        case park(name: String, districtKey: String, districtName: String)
        /// 湘潭, 郴州市: a city, by its code; a search reads it as every district of the city.
        case city(code: String)
        /// 湖南: the province, which names nothing narrower than the region.
        case province
    }

    /// A district as a search names it: its key and Chinese name.
    public struct DistrictName: Sendable, Equatable {
        public var key: String
        public var name: String
    }

    /// A park as the parsers need it.
    public struct ParkName: Sendable, Equatable {
        public var name: String
        public var aliases: [String]
        public var districtKey: String
        /// The park's id, when the names come from the database (a search filters by it).
        public var id: Int?

        public init(name: String, aliases: [String] = [], districtKey: String, id: Int? = nil) {
            (self.name, self.aliases, self.districtKey, self.id) = (name, aliases, districtKey, id)
        }
    }

    /// Every name and what it means; on a clash, a district wins over a park (湘潭经开区 is both).
    public private(set) var names: [String: Place] = [:]
    /// Each city's districts by the city's code, in the order given, and the city's name.
    public private(set) var cities: [String: (name: String, districts: [DistrictName])] = [:]
    /// Park ids by park name (parks given with an id).
    public private(set) var parkIDs: [String: Int] = [:]

    public init(districts: [District], parks: [ParkName]) {
        let byKey = Dictionary(districts.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for park in parks {
            guard let district = byKey[park.districtKey] else { continue }
            if let id = park.id { parkIDs[park.name] = id }
            for name in [park.name] + park.aliases {
                names[name] = .park(name: park.name, districtKey: district.key, districtName: district.name)
            }
        }
        for district in districts {
            let name = DistrictName(key: district.key, name: district.name)
            cities[district.cityCode, default: (district.cityName, [])].districts.append(name)
            names[district.cityName] = .city(code: district.cityCode)
            if district.cityName.hasSuffix("市") {
                names[String(district.cityName.dropLast())] = .city(code: district.cityCode)
            }
        }
        for district in districts {
            let place = Place.district(key: district.key, name: district.name)
            for name in [district.name] + district.aliases { names[name] = place }
            // 岳塘 for 岳塘区, 临武 for 临武县 — unless that is a city's name (湘潭县 is not 湘潭)
            let short = String(district.name.dropLast())
            if district.name.count == 3, ["区", "县", "市"].contains(where: district.name.hasSuffix), names[short] == nil {
                names[short] = place
            }
        }
    }
}
