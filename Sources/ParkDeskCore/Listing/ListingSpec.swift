public import Foundation

/// What a listing offers besides the fields every listing has: a building, a plot of land, or farmland.
/// The kind decides the shape (厂房/仓库/办公 → building, 农用地 → farmland, other land → land), so a
/// farmland listing cannot carry a crane and a factory cannot carry a plot ratio.
public enum ListingSpec: Sendable, Equatable {
    case building(BuildingSpec)
    case land(LandSpec)
    case farmland(FarmlandSpec)

    public var building: BuildingSpec? {
        if case .building(let spec) = self { spec } else { nil }
    }

    /// The land of a land or farmland listing.
    public var land: LandSpec? {
        switch self {
        case .building: nil
        case .land(let spec): spec
        case .farmland(let spec): spec.land
        }
    }

    public var farmland: FarmlandSpec? {
        if case .farmland(let spec) = self { spec } else { nil }
    }
}

/// A building's facts (厂房, 仓库, 办公); areas in m², heights in m.
public struct BuildingSpec: Sendable, Equatable {
    /// Building area in m² (建筑面积).
    public var area: Decimal
    /// Storeys of the building, and the unit's floor in a multi-storey one.
    public var storeys, floor: Int?
    /// 独栋, 单层.
    public var standalone, singleStorey: Bool?
    /// 净高 in m, 承重 in t/m².
    public var clearHeight, floorLoad: Decimal?
    /// Overhead cranes (行车); factories and warehouses only.
    public var crane: Crane?
    public var powerKva: Int?
    public var fireRating: FireRating?
    /// Divisible down to this many m² (可分割).
    public var divisibleMin: Decimal?

    public init(
        area: Decimal, storeys: Int? = nil, floor: Int? = nil, standalone: Bool? = nil, singleStorey: Bool? = nil,
        clearHeight: Decimal? = nil, floorLoad: Decimal? = nil, crane: Crane? = nil, powerKva: Int? = nil,
        fireRating: FireRating? = nil, divisibleMin: Decimal? = nil
    ) {
        (self.area, self.storeys, self.floor, self.standalone, self.singleStorey) =
            (area, storeys, floor, standalone, singleStorey)
        (self.clearHeight, self.floorLoad, self.crane, self.powerKva, self.fireRating, self.divisibleMin) =
            (clearHeight, floorLoad, crane, powerKva, fireRating, divisibleMin)
    }
}

/// Overhead cranes (行车): how many, and the largest one's capacity in tonnes when known.
public struct Crane: Sendable, Equatable {
    public var count: Int
    public var maxTons: Decimal?

    public init(count: Int, maxTons: Decimal?) {
        (self.count, self.maxTons) = (count, maxTons)
    }
}

/// A plot's facts (工业用地, 商业用地, 集体建设用地, and the land of farmland); area in m².
public struct LandSpec: Sendable, Equatable {
    /// Land area in m² (1 亩 = 666.67 m²).
    public var area: Decimal
    public var nature: LandNature?
    public var plannedUse: String?
    public var tenureYears: Int?
    public var titleStatus: TitleStatus?
    /// 容积率.
    public var plotRatio: Decimal?

    public init(
        area: Decimal, nature: LandNature? = nil, plannedUse: String? = nil, tenureYears: Int? = nil,
        titleStatus: TitleStatus? = nil, plotRatio: Decimal? = nil
    ) {
        (self.area, self.nature, self.plannedUse) = (area, nature, plannedUse)
        (self.tenureYears, self.titleStatus, self.plotRatio) = (tenureYears, titleStatus, plotRatio)
    }
}

/// Farmland (农用地, 土地流转): land plus its water and what it may be used for (养殖, 种植 …).
public struct FarmlandSpec: Sendable, Equatable {
    public var land: LandSpec
    public var waterSource: String?
    public var allowedUses: [String]?

    public init(land: LandSpec, waterSource: String? = nil, allowedUses: [String]? = nil) {
        (self.land, self.waterSource, self.allowedUses) = (land, waterSource, allowedUses)
    }
}

extension ListingSpec {
    /// Writes the spec's fields into a draft under their input names.
    func fill(_ d: inout ListingDraft) {
        if let b = building {
            d.buildingArea = b.area; d.storeys = b.storeys; d.floor = b.floor; d.standalone = b.standalone
            d.singleStorey = b.singleStorey; d.clearHeight = b.clearHeight; d.floorLoad = b.floorLoad
            d.craneCount = b.crane?.count; d.craneTons = b.crane?.maxTons; d.powerKva = b.powerKva
            d.fireRating = b.fireRating; d.divisibleMin = b.divisibleMin
        }
        if let l = land {
            d.landArea = l.area; d.landNature = l.nature; d.plannedUse = l.plannedUse
            d.tenureYears = l.tenureYears; d.titleStatus = l.titleStatus; d.plotRatio = l.plotRatio
        }
        if let f = farmland {
            d.waterSource = f.waterSource; d.allowedUses = f.allowedUses
        }
    }
}
