import ParkDeskStore
import Foundation
import Logging
import ParkDeskCore

/// Deterministic, realistic listings in bulk for benchmarks (`parkdesk seed --synthetic`): titles shaped
/// like the office's real ones, plausible areas, prices and cranes, coordinates around each district,
/// a spread of creation dates and statuses. Loaded with COPY in batches, each batch its own transaction.
public struct SyntheticListings: Sendable {
    let database: Database

    /// Adds `count` listings generated from `seed`; `progress` hears the running total after each batch.
    public func load(
        count: Int, seed: UInt64, actor: String,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        guard count >= 0, count <= 10_000_000 else { throw ValidationFailed("listings", "must be from 0 to 10000000") }
        let places = database.places
        let districts = try await places.districts()
        let parks = try await places.parks()
        var random = SplitMix64(seed: seed)
        let now = Date()
        return try await database.bulkLoad(
            count: count, into: .listings, columns: Self.columns, progress: progress
        ) { index in
            try Self.listing(number: index, random: &random, districts: districts, parks: parks, now: now)
        }
    }

    static let columns = ListingStore.copyColumns + ["created_at", "updated_at", "status_changed_at"]

    /// Approximate centres of the districts (latitude, longitude), by key.
    static let centres: [String: (Double, Double)] = [
        "yuhu": (27.86, 112.90), "yuetang": (27.87, 112.96), "xiangtan-county": (27.78, 112.95),
        "xiangxiang": (27.73, 112.53), "shaoshan": (27.92, 112.53), "xiangtan-etdz": (27.95, 112.85),
        "xiangtan-hitech": (27.86, 112.95), "beihu": (25.79, 113.01), "suxian": (25.80, 113.04),
        "zixing": (25.98, 113.24), "guiyang": (25.75, 112.73), "yizhang": (25.40, 112.95),
        "yongxing": (26.13, 113.12), "jiahe": (25.59, 112.37), "linwu": (25.28, 112.56),
        "rucheng": (25.55, 113.68), "guidong": (26.08, 113.94), "anren": (26.71, 113.27),
        "chenzhou-hitech": (25.82, 113.06), "chenzhou-etdz": (25.77, 113.00),
    ]

    static let towns = ["易俗河镇", "九华", "白石", "鹤岭", "双马", "荷塘", "天易", "河口", "中路铺", "楠竹山", "栖凤渡", "良田"]
    static let phrases = [
        "交通便利，距高速入口3公里", "水电齐全，三相电到位", "可环评", "可办理消防验收", "配套宿舍食堂", "大车可进出",
        "带独立办公楼", "园区物业管理", "价格可谈", "层高充足", "地面承重好", "适合机械加工", "适合仓储物流",
        "周边产业配套完善", "政府招商项目，享受优惠政策", "可分租", "手续齐全", "停车位充足",
    ]
    static let rarePhrases = ["锂电池材料企业优先", "适合养猪场", "可做冷链仓储", "有危化品仓库资质"]
    static let features = ["独门独院", "停车方便", "可环评", "大车进出", "水电配套", "带办公楼", "可分租", "消防验收"]

    static func listing(
        number: Int, random: inout SplitMix64, districts: [District], parks: [Park],
        now: Date
    ) throws -> [String?] {
        let district = districts[random.int(districts.count)]
        let park = parks.filter { $0.districtKey == district.key }.first.flatMap { random.chance(0.5) ? $0 : nil }
        var d = ListingDraft()
        d.district = district.name
        d.park = park.map { String($0.id) }
        if random.chance(0.3) { d.town = towns[random.int(towns.count)] }
        let (lat, lng) = centres[district.key] ?? (27.8, 112.9)
        if random.chance(0.85) {
            d.latitude = ((lat + random.unit(-0.08, 0.08)) * 1e5).rounded() / 1e5
            d.longitude = ((lng + random.unit(-0.08, 0.08)) * 1e5).rounded() / 1e5
        }
        d.features = random.sample(features, upTo: 3)
        var sentences = random.sample(phrases, upTo: 4)
        if random.chance(0.002) { sentences.append(rarePhrases[random.int(rarePhrases.count)]) }
        d.description = "编号\(number + 1)。" + sentences.joined(separator: "，") + "。联系产业招商热线 400 0123 021。"
        let roll = random.int(100)
        switch roll {
        case 0..<55: factory(&d, district: district.name, random: &random)
        case 55..<70: warehouse(&d, district: district.name, random: &random)
        case 70..<75: office(&d, district: district.name, random: &random)
        case 75..<92: land(&d, district: district.name, random: &random)
        default: farmland(&d, district: district.name, random: &random)
        }
        let listing = try d.validated()
        guard let districtID = districts.first(where: { $0.name == listing.district })?.id else {
            throw NotFound("district", listing.district)
        }
        let refs = ListingStore.References(districtID: districtID, parkID: park?.id)
        let statusRoll = random.int(100)
        let status: ListingStatus =
            switch statusRoll {
            case 0..<85: .active
            case 85..<90: .pending
            case 90..<93: listing.deal == .rent ? .leased : .sold
            case 93..<96: .withdrawn
            case 96..<98: .expired
            default: .draft
            }
        let created = now.addingTimeInterval(-Double(random.int(730 * 86_400)))
        let updated = created.addingTimeInterval(Double(random.int(30 * 86_400)))
        let updatedText = timestamp(min(updated, now))
        return ListingColumns(listing, refs).copyFields + [status.rawValue] + [
            timestamp(created), updatedText, updatedText,
        ]
    }

    /// `2026-11-29 09:21:23+00`, for COPY (a formatter object per row would cost more than the row).
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))+00"
    }

    static func factory(_ d: inout ListingDraft, district: String, random: inout SplitMix64) {
        let area =
            [600, 800, 1000, 1200, 1500, 2000, 2400, 3000, 4000, 5000, 6000, 8000, 12000, 20000][random.int(14)]
            + random.int(10) * 10
        let crane = [0, 0, 3, 5, 5, 10, 10, 16, 20, 32, 50][random.int(11)]
        let single = random.chance(0.7)
        let standalone = random.chance(0.4)
        d.kind = .factory
        d.deal = random.chance(0.85) ? .rent : .sale
        d.buildingArea = Decimal(area); d.singleStorey = single; d.standalone = standalone
        d.storeys = single ? 1 : 2 + random.int(4)
        d.clearHeight = Decimal(single ? 8 + random.int(8) : 4 + random.int(3))
        d.powerKva = 100 * (1 + random.int(20))
        if crane > 0 { d.craneTons = Decimal(crane); d.craneCount = 1 + random.int(3) }
        if random.chance(0.5) { d.fireRating = [.c, .d, .e][random.int(3)] }
        let owner = random.chance(0.5) ? "业主自建" : ""
        let shape = ["钢结构厂房", "标准厂房", "重工厂房", "厂房"][random.int(4)]
        d.title =
            "\(owner)\(district)\(standalone ? "独栋" : "")\(single ? "单层" : "多层")\(shape)\(area)平米"
            + (d.deal == .sale ? "出售" : "出租")
            + (crane > 0 ? ",行车\(crane)吨" : "") + (standalone && random.chance(0.5) ? ",独门独院" : "")
        price(&d, area: area, random: &random)
    }

    static func warehouse(_ d: inout ListingDraft, district: String, random: inout SplitMix64) {
        let area = 500 + random.int(60) * 100
        d.kind = .warehouse; d.deal = .rent; d.buildingArea = Decimal(area); d.singleStorey = true; d.storeys = 1
        d.clearHeight = Decimal(6 + random.int(6))
        if random.chance(0.1) { d.craneTons = 5; d.craneCount = 1 }
        d.title = "\(district)\(random.chance(0.5) ? "高台" : "标准")仓库\(area)平米出租" + (random.chance(0.5) ? ",大车可进" : "")
        d.priceAmount = Decimal(string: "0.\(3 + random.int(6))"); d.priceUnit = .yuanPerM2Day
    }

    static func office(_ d: inout ListingDraft, district: String, random: inout SplitMix64) {
        let area = 80 + random.int(40) * 20
        let storeys = 5 + random.int(20)
        d.kind = .office; d.deal = .rent; d.buildingArea = Decimal(area); d.storeys = storeys;
        d.floor = 1 + random.int(storeys)
        d.title = "\(district)园区写字楼办公室\(area)平米出租"
        d.priceAmount = Decimal(20 + random.int(30)); d.priceUnit = .yuanPerM2Month
    }

    static func land(_ d: inout ListingDraft, district: String, random: inout SplitMix64) {
        let mu = 5 + random.int(200)
        let kinds: [ListingKind] = [
            .industrialLand, .industrialLand, .industrialLand, .commercialLand, .collectiveLand,
        ]
        d.kind = kinds[random.int(kinds.count)]
        d.deal = d.kind == .collectiveLand ? .transfer : (random.chance(0.7) ? .transfer : .sale)
        d.landAreaMu = Decimal(mu)
        d.landNature = d.kind == .collectiveLand ? .collective : .state
        d.titleStatus = [.certified, .certified, .publicNotice, .inProcess][random.int(4)]
        d.tenureYears = d.kind == .commercialLand ? 40 : 50
        d.plannedUse = d.kind == .commercialLand ? "商业" : "工业"
        d.plotRatio = Decimal(string: "\(1 + random.int(2)).\(random.int(10))")
        let name = d.kind == .collectiveLand ? "集体建设用地" : (d.kind == .commercialLand ? "商业用地" : "工业用地")
        d.title =
            "\(district)\(name)\(mu)亩\(d.deal == .sale ? "出售" : "转让")"
            + (d.titleStatus == .publicNotice ? "（权属公示中）" : "")
        d.priceAmount = Decimal(mu * (10 + random.int(30))); d.priceUnit = .wanYuanTotal
    }

    static func farmland(_ d: inout ListingDraft, district: String, random: inout SplitMix64) {
        let mu = 20 + random.int(500)
        let use = ["种植", "养殖", "养猪", "果园", "茶园"][random.int(5)]
        d.kind = .farmland; d.deal = random.chance(0.6) ? .rent : .transfer
        d.landAreaMu = Decimal(mu); d.landNature = .collective; d.allowedUses = [use]
        d.waterSource = ["山塘水库", "灌溉渠", "地下井水"][random.int(3)]; d.tenureYears = 5 + random.int(25)
        d.title = "\(district)\(mu)亩土地流转,适合\(use)"
        d.priceAmount = Decimal(300 + random.int(10) * 50); d.priceUnit = .yuanPerMuYear
    }

    static func price(_ d: inout ListingDraft, area: Int, random: inout SplitMix64) {
        if random.chance(0.08) { d.priceUnit = .negotiable; return }
        if d.deal == .sale {
            d.priceAmount = Decimal(area * (2 + random.int(4)) / 10); d.priceUnit = .wanYuanTotal
        } else {
            d.priceAmount = Decimal(string: "\(6 + random.int(20)).\(random.int(10))"); d.priceUnit = .yuanPerM2Month
        }
    }
}

/// A small, fast, deterministic random generator (SplitMix64): the same seed gives the same data.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< upper.
    mutating func int(_ upper: Int) -> Int {
        Int(next() % UInt64(max(upper, 1)))
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < probability
    }

    mutating func unit(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    mutating func sample(_ values: [String], upTo count: Int) -> [String] {
        var pool = values
        var picked: [String] = []
        for _ in 0..<int(count + 1) where !pool.isEmpty {
            picked.append(pool.remove(at: int(pool.count)))
        }
        return picked
    }
}
