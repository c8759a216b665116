import ParkDeskStore
import Foundation
import Logging
import ParkDeskCore

/// Deterministic, realistic investor leads in bulk for benchmarks (`parkdesk seed --synthetic --leads N`):
/// valid unique mobiles, companies with valid credit codes, needs shaped like real calls, a spread of
/// sources, statuses and dates. Loaded with COPY; each lead gets its first inquiry and history entry.
public struct SyntheticLeads: Sendable {
    let database: Database

    /// Adds `count` leads generated from `seed`; `progress` hears the running total after each batch.
    public func load(
        count: Int, seed: UInt64, actor: String, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        guard count >= 0, count <= 10_000_000 else { throw ValidationFailed("leads", "must be from 0 to 10000000") }
        let districtIDs = try await database.places.districts().map(\.id)
        // mobiles are numbered on from the leads already there, so that repeated seeding stays unique
        let firstNumber = try await database.count(of: .leads)
        var random = SplitMix64(seed: seed ^ 0x1EAD)
        let now = Date()
        return try await database.bulkLoad(count: count, into: .leads, columns: Self.columns, progress: progress) {
            index in
            Self.lead(number: firstNumber + index, random: &random, districtIDs: districtIDs, now: now, actor: actor)
        }
    }

    static let columns = [
        "wanted_kinds", "deal", "min_area_m2", "max_area_m2", "budget_amount", "budget_unit", "district_ids",
        "min_crane_tons", "need_text", "intended_use", "expected_tax_wan", "investment_wan", "company", "credit_code",
        "contact_name", "mobile", "email", "message", "source", "campaign", "consent_version", "consent_at", "status",
        "status_reason", "created_by", "created_at", "updated_at", "last_inquiry_at",
    ]

    static let surnames = Array(
        "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文")
    static let titles = ["经理", "总", "先生", "女士", "主任", "董事长", "总监"]
    static let cities = ["湘潭", "长沙", "株洲", "郴州", "深圳", "广州", "东莞", "佛山", "温州", "宁波", "苏州", "武汉"]
    static let trades = [
        ("机械制造", "工程机械零部件加工"), ("新能源", "锂电池正极材料"), ("电子", "电子元器件组装"), ("物流", "仓储物流配送"),
        ("食品", "农副产品深加工"), ("建材", "装配式建筑构件"), ("汽配", "汽车零部件"), ("养殖", "生猪养殖"),
        ("纺织", "服装加工"), ("化工", "精细化工"), ("冶金", "钢材深加工"), ("医药", "医疗器械"),
    ]
    static let needs = [
        "需要单层厂房，带行车", "要求独门独院，大车能进出", "需要环评手续齐全", "希望靠近高速", "需要配套宿舍", "要三相电，电力500kVA以上",
        "工业用地，希望能拿产权", "先租后买", "需要冷库", "土地流转，做养殖", "希望享受园区招商政策", "层高8米以上",
    ]
    static let campaigns = ["2026湘潭产业推介会", "深圳招商周", "百度推广", "微信公众号", "长沙湘商大会"]
    static let statuses: [(LeadStatus, Int)] = [
        (.new, 30), (.contacted, 25), (.qualified, 12), (.visiting, 8), (.negotiating, 6), (.signed, 3), (.landed, 2),
        (.lost, 9), (.junk, 5),
    ]

    static func lead(number: Int, random: inout SplitMix64, districtIDs: [Int], now: Date, actor: String) -> [String?] {
        let (trade, use) = trades[random.int(trades.count)]
        let city = cities[random.int(cities.count)]
        let land = trade == "养殖" || random.chance(0.2)
        let kinds: [ListingKind] =
            trade == "养殖"
            ? [.farmland] : land ? [.industrialLand] : random.chance(0.3) ? [.factory, .warehouse] : [.factory]
        let deal: DealType = land ? (random.chance(0.6) ? .transfer : .rent) : random.chance(0.8) ? .rent : .sale
        let minArea = land ? (5 + random.int(60)) * 667 : (5 + random.int(100)) * 100
        let maxArea = minArea + minArea * (1 + random.int(5)) / 10
        let rent = deal == .rent && !land
        let budget: String? =
            random.chance(0.6) ? (rent ? "\(8 + random.int(15))" : "\((50 + random.int(2000)) * 10)") : nil
        let source =
            random.chance(0.55) ? LeadSource.web : [.hotline, .wechat, .walkIn, .referral, .event][random.int(5)]
        var roll = random.int(100)
        let status =
            statuses.first {
                roll -= $0.1; return roll < 0
            }?.0 ?? .new
        let company =
            random.chance(0.85) ? "\(city)\(["华", "中", "新", "恒", "鑫", "盛", "远", "达"][random.int(8)])\(trade)有限公司" : nil
        let code =
            company != nil && random.chance(0.5)
            ? CreditCode.completing(
                "914303" + String(format: "%02d", random.int(100)) + "MA4" + String(format: "%06d", number % 1_000_000))
            : nil
        let created = now.addingTimeInterval(-Double(random.int(730 * 86_400)))
        let updated = min(now, created.addingTimeInterval(Double(random.int(60 * 86_400))))
        let name = String(surnames[random.int(surnames.count)]) + titles[random.int(titles.count)]
        let mobile =
            ["138", "139", "150", "186", "177", "199", "135", "158"][number / 100_000_000 % 8]
            + String(format: "%08d", number % 100_000_000)
        let districts = (0..<random.int(3)).map { _ in String(districtIDs[random.int(districtIDs.count)]) }
        let message: String? =
            random.chance(0.4)
            ? ["你好，想了解一下\(kinds[0].label)的情况", "请尽快联系我, 谢谢!", "我们公司计划\"扩产\"，需要场地"][random.int(3)] : nil
        return [
            "{" + kinds.map(\.rawValue).joined(separator: ",") + "}", deal.rawValue, "\(minArea)", "\(maxArea)", budget,
            budget == nil ? nil : (rent ? PriceUnit.yuanPerM2Month : PriceUnit.wanYuanTotal).rawValue,
            "{" + Array(Set(districts)).sorted().joined(separator: ",") + "}",
            !land && random.chance(0.3) ? "\(5 * (1 + random.int(10)))" : nil,
            random.chance(0.7) ? needs[random.int(needs.count)] : nil, use,
            random.chance(0.7) ? "\(10 * (1 + random.int(300)))" : nil,
            random.chance(0.6) ? "\(500 * (1 + random.int(200)))" : nil,
            company, code, name, mobile, random.chance(0.2) ? "lead\(number)@example.cn" : nil, message,
            source.rawValue, source == .event || random.chance(0.1) ? campaigns[random.int(campaigns.count)] : nil,
            source == .web ? "2026-01" : nil, source == .web ? SyntheticListings.timestamp(created) : nil,
            status.rawValue,
            status == .lost || status == .junk ? ["预算不足", "已选择其他地区", "空号", "重复咨询"][random.int(4)] : nil,
            actor, SyntheticListings.timestamp(created), SyntheticListings.timestamp(updated),
            SyntheticListings.timestamp(created),
        ]
    }
}
