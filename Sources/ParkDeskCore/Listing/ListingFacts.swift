import Foundation

/// One line of a listing's spec table as people read it: a Chinese label, its English name and the value with
/// its unit (`行车` · crane · `2 台，最大 16 吨`). The CLI and the website show the same lines.
public struct ListingFact: Sendable, Equatable {
    public let label: String
    public let name: String
    public let value: String
}

extension ListingSpec {
    /// The spec's facts in the order a factory hunter checks them; missing values are left out.
    public var facts: [ListingFact] {
        var facts: [ListingFact] = []
        func add(_ label: String, _ name: String, _ value: String?) {
            if let value { facts.append(ListingFact(label: label, name: name, value: value)) }
        }
        func yesNo(_ flag: Bool?) -> String? { flag.map { $0 ? "是" : "否" } }
        if let b = building {
            add("建筑面积", "building area", "\(b.area) ㎡")
            add("层数", "storeys", b.storeys.map { "\($0) 层" })
            add("所在楼层", "floor", b.floor.map { "\($0) 层" })
            add("独栋", "standalone", yesNo(b.standalone))
            add("单层", "single-storey", yesNo(b.singleStorey))
            add("净高", "clear height", b.clearHeight.map { "\($0) 米" })
            add("承重", "floor load", b.floorLoad.map { "\($0) 吨/㎡" })
            add("行车", "crane", b.crane.map { "\($0.count) 台" + ($0.maxTons.map { "，最大 \($0) 吨" } ?? "") })
            add("配电", "power", b.powerKva.map { "\($0) kVA" })
            add("消防等级", "fire rating", b.fireRating.map { "\($0.label)类" })
            add("可分割", "divisible to", b.divisibleMin.map { "最小 \($0) ㎡" })
        }
        if let l = land {
            add("土地面积", "land area", "\(l.area) ㎡（\(Area.mu(fromSquareMetres: l.area)) 亩）")
            add("土地性质", "land nature", l.nature?.label)
            add("规划用途", "planned use", l.plannedUse)
            add("年限", "tenure", l.tenureYears.map { "\($0) 年" })
            add("权属", "title", l.titleStatus?.label)
            add("容积率", "plot ratio", l.plotRatio.map { "\($0)" })
        }
        if let f = farmland {
            add("水源", "water", f.waterSource)
            add("可用于", "allowed uses", f.allowedUses?.joined(separator: "、"))
        }
        return facts
    }
}
