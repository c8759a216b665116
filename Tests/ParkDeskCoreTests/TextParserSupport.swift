import Foundation
import ParkDeskCore

/// The region's districts and parks as the migrations add them (sql/0002, sql/0010); a store test checks that
/// the database's names read the examples the same way.
enum RegionPlaces {
    static let districts: [District] = [
        d(1, "yuhu", "雨湖区", "XT", ["鹤岭镇", "姜畲镇", "楠竹山镇"]),
        d(2, "yuetang", "岳塘区", "XT", ["昭山", "昭山示范区", "荷塘街道"]),
        d(
            3, "xiangtan-county", "湘潭县", "XT",
            ["易俗河", "易俗河镇", "天易", "天易示范区", "河口镇", "花石镇", "射埠镇", "杨嘉桥镇", "石潭镇", "中路铺镇"]),
        d(4, "xiangxiang", "湘乡市", "XT", []),
        d(5, "shaoshan", "韶山市", "XT", []),
        d(6, "xiangtan-etdz", "湘潭经开区", "XT", ["九华", "湘潭经济技术开发区", "九华示范区", "九华经开区"]),
        d(7, "xiangtan-hitech", "湘潭高新区", "XT", ["湘潭高新技术产业开发区"]),
        d(21, "beihu", "北湖区", "CZ", []), d(22, "suxian", "苏仙区", "CZ", ["许家洞镇"]),
        d(23, "zixing", "资兴市", "CZ", []), d(24, "guiyang", "桂阳县", "CZ", []), d(25, "yizhang", "宜章县", "CZ", []),
        d(26, "yongxing", "永兴县", "CZ", []), d(27, "jiahe", "嘉禾县", "CZ", []), d(28, "linwu", "临武县", "CZ", []),
        d(29, "rucheng", "汝城县", "CZ", []), d(30, "guidong", "桂东县", "CZ", []), d(31, "anren", "安仁县", "CZ", []),
        d(32, "chenzhou-hitech", "郴州高新区", "CZ", ["郴州高新技术产业开发区"]),
        d(33, "chenzhou-etdz", "郴州经开区", "CZ", ["郴州经济开发区", "郴州经济技术开发区"]),
    ]

    static let parks: [PlaceNames.ParkName] = [
        .init(name: "湘潭经开区", aliases: ["九华工业园"], districtKey: "xiangtan-etdz"),
        .init(name: "湘潭高新区", aliases: ["湘潭高新技术产业开发区"], districtKey: "xiangtan-hitech"),
        .init(name: "湘潭天易经开区", aliases: ["天易经开区", "天易工业园", "湘潭天易示范区"], districtKey: "xiangtan-county"),
        .init(name: "湘乡经开区", aliases: ["湘乡经济开发区"], districtKey: "xiangxiang"),
        .init(name: "韶山高新区", aliases: ["韶山高新技术产业开发区"], districtKey: "shaoshan"),
        .init(name: "郴州高新区", districtKey: "chenzhou-hitech"),
        .init(name: "郴州经开区", districtKey: "chenzhou-etdz"),
        .init(name: "临武高新区", aliases: ["临武经开区", "临武工业园"], districtKey: "linwu"),
        .init(name: "资兴经开区", aliases: ["资兴经济开发区"], districtKey: "zixing"),
        .init(name: "桂阳高新区", aliases: ["桂阳工业园"], districtKey: "guiyang"),
        .init(name: "永兴经开区", aliases: ["永兴经济开发区"], districtKey: "yongxing"),
        .init(name: "嘉禾经开区", aliases: ["嘉禾经济开发区"], districtKey: "jiahe"),
    ]

    /// The parks with ids 1, 2, 3 … in the order above (a search's park filter needs one).
    static let parser = TextParser(
        places: PlaceNames(
            districts: districts,
            parks: parks.enumerated().map { index, park in
                var park = park
                park.id = index + 1
                return park
            }))

    private static func d(_ id: Int, _ key: String, _ name: String, _ city: String, _ aliases: [String]) -> District {
        District(id: id, key: key, name: name, cityCode: city, cityName: city == "XT" ? "湘潭市" : "郴州市", aliases: aliases)
    }
}

/// A draft's set fields as `name=value` words, sorted, for table-driven expectations: lists joined by commas,
/// numbers as written (`buildingArea=4000 craneTons=16 features=重工,独门独院`).
enum DraftWords {
    static func listing(_ draft: ListingDraft) -> String { words(draft) }
    static func need(_ draft: LeadDraft) -> String { words(draft) }

    private static func words(_ draft: Any) -> String {
        Mirror(reflecting: draft).children.compactMap { child -> String? in
            guard let key = child.label, key != "areaInMu", let value = unwrap(child.value) else { return nil }
            return "\(key)=\(format(value))"
        }.sorted().joined(separator: " ")
    }

    private static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map(\.value)
    }

    private static func format(_ value: Any) -> String {
        switch value {
        case let list as [Any]: list.map(format).joined(separator: ",")
        case let labeled as any RawRepresentable: "\(labeled.rawValue)"
        default: "\(value)"
        }
    }

    /// `a=1 b=2` in any order → sorted words.
    static func sorted(_ text: String) -> String {
        text.split(separator: " ").map(String.init).sorted().joined(separator: " ")
    }
}
