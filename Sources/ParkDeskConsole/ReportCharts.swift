import Foundation
import ParkDeskCore
import ParkDeskHTTP

/// The report's charts as inline SVG drawn here (no script, no chart library): a narrow drawing (360 units wide)
/// that the page scales to its column, so that its 14-unit text stays readable on a phone (~13 px at 390 px). Each
/// chart has a title and a description for screen readers; its numbers are in the table beside it.
enum ReportCharts {
    static let width = 360.0
    /// One colour per lead source, in `LeadSource.allCases` order; the bars' colour.
    static let palette = ["#2f6db5", "#e08a1e", "#3a9a5b", "#b8475b", "#7a5bb5", "#5b8a99"]
    static let bar = "#2f6db5"

    /// A bar per row, its length the value's share of the largest, the row's label left and its text right.
    static func bars(
        _ title: String, _ rows: [(label: String, value: Double, text: String)], color: String = bar
    ) -> String {
        guard !rows.isEmpty else { return empty(title) }
        let labelWidth = 96.0, textWidth = 96.0, rowHeight = 26.0
        let top = rows.map(\.value).max() ?? 0
        let span = width - labelWidth - textWidth
        var svg = open(title, height: Double(rows.count) * rowHeight + 6)
        for (index, row) in rows.enumerated() {
            let y = Double(index) * rowHeight + 4
            let length = top > 0 ? max(row.value / top * span, row.value > 0 ? 2 : 0) : 0
            svg += text(row.label, x: labelWidth - 6, y: y + 16, anchor: "end")
            svg +=
                "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\(quoted(length)) height=\"18\" "
                + "fill=\"\(color)\" rx=\"2\"/>"
            svg += text(row.text, x: labelWidth + length + 6, y: y + 16, anchor: "start")
        }
        return svg + "</svg>"
    }

    /// New leads per week, a column per week stacked by source, with a legend.
    static func weeks(_ title: String, _ weeks: [Report.Week]) -> String {
        guard !weeks.isEmpty else { return empty(title) }
        let left = 34.0, bottom = 24.0, plot = 150.0, legendHeight = 22.0 * 2
        let top = Double(max(weeks.map(\.total).max() ?? 0, 1))
        let step = (width - left - 4) / Double(weeks.count)
        var svg = open(title, height: legendHeight + plot + bottom)
        for (index, source) in LeadSource.allCases.enumerated() {
            let x = Double(index % 3) * 118 + 4, y = Double(index / 3) * 20 + 4
            svg += "<rect x=\"\(x)\" y=\"\(y + 2)\" width=\"12\" height=\"12\" fill=\"\(palette[index])\"/>"
            svg += text(source.label, x: x + 16, y: y + 13, anchor: "start")
        }
        let base = legendHeight + plot
        svg += "<line x1=\"\(left)\" y1=\"\(base)\" x2=\"\(width)\" y2=\"\(base)\" stroke=\"#888\"/>"
        svg += text(String(Int(top)), x: left - 4, y: legendHeight + 10, anchor: "end")
        svg += text("0", x: left - 4, y: base, anchor: "end")
        let labelEvery = max(1, Int((Double(weeks.count) / 7).rounded(.up)))
        for (index, week) in weeks.enumerated() {
            var y = base
            let x = left + Double(index) * step + step * 0.15
            for (sourceIndex, count) in week.bySource.enumerated() where count.count > 0 {
                let height = Double(count.count) / top * plot
                y -= height
                svg +=
                    "<rect x=\(quoted(x)) y=\(quoted(y)) width=\(quoted(step * 0.7)) height=\(quoted(height)) "
                    + "fill=\"\(palette[sourceIndex % palette.count])\"><title>\(HTMLText.escaped(week.label)) "
                    + "\(HTMLText.escaped(count.label)) \(count.count)</title></rect>"
            }
            if index % labelEvery == 0 {
                let label = String(week.label.prefix(while: { $0 != "–" }))
                svg += text(label, x: x + step * 0.35, y: base + 16, anchor: "middle")
            }
        }
        return svg + "</svg>"
    }

    static func open(_ title: String, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height.rounded(.up)))\" "
            + "role=\"img\" aria-label=\"\(HTMLText.escaped(title))\" font-size=\"14\" "
            + "font-family=\"system-ui, sans-serif\"><title>\(HTMLText.escaped(title))</title>"
    }

    static func empty(_ title: String) -> String {
        open(title, height: 30) + text("本期没有数据", x: 4, y: 20, anchor: "start") + "</svg>"
    }

    static func text(_ value: String, x: Double, y: Double, anchor: String) -> String {
        "<text x=\(quoted(x)) y=\(quoted(y)) text-anchor=\"\(anchor)\" fill=\"#222\">\(HTMLText.escaped(value))</text>"
    }

    static func quoted(_ value: Double) -> String { "\"\((value * 10).rounded() / 10)\"" }
}

extension Report {
    /// The funnel: how many of the period's leads reached each stage, with the share of the stage before.
    var funnelChart: String {
        ReportCharts.bars(
            "转化漏斗",
            [("新线索", Double(funnel.leads), "\(funnel.leads)")]
                + funnel.stages.map {
                    (
                        $0.label, Double($0.reached),
                        "\($0.reached)" + ($0.ofPrevious.map { "（\(Self.percent($0))）" } ?? "")
                    )
                })
    }

    /// Expected tax and planned investment of the pipeline by stage (two charts, each on its own scale).
    var pipelineCharts: String {
        let stages = pipeline.stages.filter { $0.status != "new" }
        return "<p class=\"chart-caption\">预计税收（万元/年）</p>"
            + ReportCharts.bars(
                "储备项目预计税收（万元/年）",
                stages.map { ($0.label, NSDecimalNumber(decimal: $0.taxWan).doubleValue, "\($0.taxWan) 万元") })
            + "<p class=\"chart-caption\">计划投资（万元）</p>"
            + ReportCharts.bars(
                "储备项目计划投资（万元）",
                stages.map {
                    ($0.label, NSDecimalNumber(decimal: $0.investmentWan).doubleValue, "\($0.investmentWan) 万元")
                },
                color: ReportCharts.palette[1])
    }

    var districtChart: String {
        ReportCharts.bars(
            "在架房源按区县", listings.activeByDistrict.map { ($0.label, Double($0.count), "\($0.count) 套") },
            color: ReportCharts.palette[2])
    }

    var weekChart: String { ReportCharts.weeks("每周新线索（按来源）", leads.byWeek) }

    static func percent(_ share: Double) -> String { ReportTable.Cell.share(share).text }
}
