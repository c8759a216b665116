public import Foundation

/// The report as titled tables of typed cells: one table is one sheet of the workbook, one block of the CSV and
/// one table of the console's report page, so the three show the same figures under the same Chinese headers.
public struct ReportTable: Sendable, Equatable {
    /// A value and how it reads: 万元 amounts, shares, hours and days are numbers with a unit format, dates are days.
    public enum Cell: Sendable, Equatable {
        case text(String)
        case count(Int)
        case wan(Decimal)
        case area(Decimal)
        case share(Double)
        case hours(Double)
        case days(Double)
        case number(Double)
        case date(Int64)
        case empty
    }

    public struct Column: Sendable, Equatable {
        public let name: String
        /// Width in characters (a Chinese character counts as two).
        public let width: Int
    }

    /// The sheet's name (at most 31 characters, none of Excel's `[]:*?/\`).
    public let title: String
    public let columns: [Column]
    public let rows: [[Cell]]

    init(_ title: String, _ columns: [(String, Int)], _ rows: [[Cell]]) {
        self.title = title
        self.columns = columns.map { Column(name: $0.0, width: $0.1) }
        self.rows = rows
    }
}

extension ReportTable.Cell {
    /// A number that may be missing.
    static func optional(_ value: Double?, _ make: (Double) -> Self) -> Self { value.map(make) ?? .empty }
    static func optional(_ value: Decimal?, _ make: (Decimal) -> Self) -> Self { value.map(make) ?? .empty }

    /// A `2026-11-30` date as a day cell.
    static func date(_ text: String?) -> Self {
        guard let text, let period = try? ReportPeriod(text) else { return .empty }
        return .date(period.firstDay)
    }

    /// How the cell reads as text (CSV, the console): `12.5%`, `3.5`, `2026-11-30`.
    public var text: String {
        switch self {
        case .text(let text): text
        case .count(let count): String(count)
        case .wan(let value), .area(let value): "\(value)"
        case .share(let value): Self.trimmed(value * 100) + "%"
        case .hours(let value), .days(let value), .number(let value): Self.trimmed(value)
        case .date(let day): CivilDate.text(day: day)
        case .empty: ""
        }
    }

    /// At most two decimals, none when whole.
    static func trimmed(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

extension Report {
    /// Every table of the report, in reading order.
    public var tables: [ReportTable] {
        [
            overview, sourceTable, weekTable, placeTable("意向类型", "类型", leads.byKind),
            placeTable("意向区县", "区县", leads.byDistrict), placeTable("意向园区", "园区", leads.byPark), funnelTable,
            closedTable, speedTable, agentTable, pipelineTable, projectTable, listingTable, interestTable,
        ]
    }

    var overview: ReportTable {
        let rows: [(String, ReportTable.Cell)] = [
            ("期间", .text(period.label)), ("起始日", .date(period.from)), ("截止日", .date(period.to)),
            ("数据截至", .text(period.asOf)), ("新线索", .count(leads.total)), ("重复咨询（次）", .count(leads.repeatInquiries)),
            ("重复咨询（人）", .count(leads.repeatPeople)),
            ("签约", .count(funnel.stages.first { $0.status == "signed" }?.reached ?? 0)),
            ("落地", .count(funnel.stages.first { $0.status == "landed" }?.reached ?? 0)),
            ("首次联系中位数（小时）", .optional(speed.medianHours, ReportTable.Cell.hours)),
            ("首次联系 P90（小时）", .optional(speed.p90Hours, ReportTable.Cell.hours)),
            ("24 小时内未联系", .count(speed.notContactedWithin24h)),
            ("储备项目预计税收（万元/年）", .wan(pipeline.total.taxWan)), ("储备项目计划投资（万元）", .wan(pipeline.total.investmentWan)),
            ("在架房源", .count(listings.active)), ("房源浏览", .count(listings.views)),
        ]
        return ReportTable("概览", [("指标", 30), ("数值", 28)], rows.map { [.text($0.0), $0.1] })
    }

    var sourceTable: ReportTable {
        ReportTable(
            "线索来源", [("来源", 14), ("新线索", 10), ("占比", 10)],
            leads.bySource.map {
                [
                    .text($0.label), .count($0.count),
                    .optional(Report.ratio($0.count, leads.total), ReportTable.Cell.share),
                ]
            })
    }

    var weekTable: ReportTable {
        let sources = LeadSource.allCases.map { ($0.label, 10) }
        return ReportTable(
            "每周线索", [("周", 14), ("起", 12), ("止", 12)] + sources + [("合计", 8)],
            leads.byWeek.map { week in
                [.text(week.label), .date(week.from), .date(week.to)] + week.bySource.map { .count($0.count) }
                    + [.count(week.total)]
            })
    }

    func placeTable(_ title: String, _ what: String, _ counts: [Count]) -> ReportTable {
        ReportTable(
            title, [(what, 24), ("新线索", 10), ("占比", 10)],
            counts.map {
                [
                    .text($0.label), .count($0.count),
                    .optional(Report.ratio($0.count, leads.total), ReportTable.Cell.share),
                ]
            })
    }

    var funnelTable: ReportTable {
        ReportTable(
            "转化漏斗", [("阶段", 12), ("到达", 10), ("较上一阶段", 12), ("占新线索", 12)],
            [[.text("新线索"), .count(funnel.leads), .empty, .share(funnel.leads > 0 ? 1 : 0)]]
                + funnel.stages.map {
                    [
                        .text($0.label), .count($0.reached), .optional($0.ofPrevious, ReportTable.Cell.share),
                        .optional($0.ofLeads, ReportTable.Cell.share),
                    ]
                })
    }

    var closedTable: ReportTable {
        let rows = [("流失", funnel.lost), ("无效", funnel.junk)].flatMap { label, closed in
            closed.reasons.map { [ReportTable.Cell.text(label), .text($0.label), .count($0.count)] }
        }
        return ReportTable("流失与无效", [("类别", 8), ("原因", 40), ("线索", 8)], rows)
    }

    static func speedRow(_ name: String, _ speed: Speed) -> [ReportTable.Cell] {
        [
            .text(name), .count(speed.contacted), .optional(speed.medianHours, ReportTable.Cell.hours),
            .optional(speed.p90Hours, ReportTable.Cell.hours), .count(speed.due), .count(speed.notContactedWithin24h),
            .optional(ratio(speed.notContactedWithin24h, speed.due), ReportTable.Cell.share),
        ]
    }

    var speedTable: ReportTable {
        ReportTable(
            "响应速度",
            [
                ("范围", 16), ("已联系", 10), ("中位数（小时）", 14), ("P90（小时）", 12), ("满24小时", 10), ("24小时内未联系", 14),
                ("未联系占比", 12),
            ],
            [Self.speedRow("全部", speed)] + agents.map { Self.speedRow($0.name, $0.speed) })
    }

    var agentTable: ReportTable {
        ReportTable(
            "招商专员",
            [
                ("专员", 14), ("账号", 14), ("分配新线索", 12), ("24小时内联系", 14), ("24小时内未联系", 14), ("本期考察", 10),
                ("本期签约", 10), ("本期落地", 10),
            ],
            agents.map {
                [
                    .text($0.name), .text($0.login), .count($0.assigned),
                    .count($0.speed.due - $0.speed.notContactedWithin24h),
                    .count($0.speed.notContactedWithin24h), .count($0.visits), .count($0.signed), .count($0.landed),
                ]
            })
    }

    var pipelineTable: ReportTable {
        ReportTable(
            "储备项目",
            [("阶段", 12), ("线索", 10), ("预计税收（万元/年）", 20), ("计划投资（万元）", 18), ("填了税收", 10), ("填了投资", 10)],
            (pipeline.stages + [pipeline.total]).map {
                [
                    .text($0.label), .count($0.leads), .wan($0.taxWan), .wan($0.investmentWan), .count($0.withTax),
                    .count($0.withInvestment),
                ]
            })
    }

    var projectTable: ReportTable {
        ReportTable(
            "签约落地项目",
            [
                ("线索编号", 16), ("状态", 8), ("公司", 28), ("用途", 20), ("计划投资（万元）", 16), ("预计税收（万元/年）", 18),
                ("面积（㎡）", 12), ("面积（亩）", 10), ("亩均投资（万元/亩）", 18), ("亩均税收（万元/亩）", 18), ("签约日", 12),
                ("落地日", 12),
            ],
            projects.map {
                [
                    .text($0.ref), .text($0.statusLabel), .text($0.erased ? "（已删除）" : $0.company ?? ""),
                    .text($0.use ?? ""), .optional($0.investmentWan, ReportTable.Cell.wan),
                    .optional($0.taxWan, ReportTable.Cell.wan), .optional($0.areaM2, ReportTable.Cell.area),
                    .optional($0.areaMu, ReportTable.Cell.area), .optional($0.investmentPerMuWan, ReportTable.Cell.wan),
                    .optional($0.taxPerMuWan, ReportTable.Cell.wan), .date($0.signedOn), .date($0.landedOn),
                ]
            })
    }

    var listingTable: ReportTable {
        let totals: [[ReportTable.Cell]] = [
            [.text("合计"), .text("在架房源"), .count(listings.active)],
            [.text("本期"), .text("新上架"), .count(listings.new)], [.text("本期"), .text("已出租"), .count(listings.leased)],
            [.text("本期"), .text("已出售"), .count(listings.sold)],
            [.text("本期"), .text("已下架"), .count(listings.withdrawn)],
            [.text("本期"), .text("成交周期中位数（天）"), .optional(listings.medianDaysOnMarket, ReportTable.Cell.days)],
            [.text("本期"), .text("浏览"), .count(listings.views)],
        ]
        let byKind = listings.activeByKind.map { [ReportTable.Cell.text("在架·类型"), .text($0.label), .count($0.count)] }
        let byDistrict = listings.activeByDistrict.map {
            [ReportTable.Cell.text("在架·区县"), .text($0.label), .count($0.count)]
        }
        return ReportTable("房源", [("分组", 12), ("项目", 24), ("数量", 10)], totals + byKind + byDistrict)
    }

    var interestTable: ReportTable {
        let rows = [("浏览最多", listings.mostViewed), ("咨询最多", listings.mostAsked)].flatMap { label, interests in
            interests.map {
                [
                    ReportTable.Cell.text(label), .text($0.ref), .text($0.title), .text($0.kind), .text($0.district),
                    .count($0.views), .count($0.inquiries), .optional($0.inquiriesPer100Views, ReportTable.Cell.number),
                ]
            }
        }
        return ReportTable(
            "热门房源",
            [("榜单", 10), ("房源编号", 16), ("标题", 40), ("类型", 10), ("区县", 10), ("浏览", 8), ("咨询", 8), ("每百次浏览咨询", 16)],
            rows)
    }

    /// The report as one CSV file for Excel and WPS: each table under its title, a blank line between tables (RFC
    /// 4180, CRLF, a byte order mark; a cell starting with = + - @ is prefixed with ' so that it is never a formula).
    public var csv: String {
        var out = "\u{FEFF}"
        for table in tables {
            out += Self.csvLine([table.title])
            out += Self.csvLine(table.columns.map(\.name))
            for row in table.rows { out += Self.csvLine(row.map(\.text)) }
            out += "\r\n"
        }
        return out
    }

    static func csvLine(_ fields: [String]) -> String {
        fields.map { CSVText.field($0, neutralisingFormulas: true) }.joined(separator: ",") + "\r\n"
    }
}
