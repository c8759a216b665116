public import Foundation

/// The office's numbers for a period (`ReportPeriod`): what the JSON answer, the CSV, the workbook and the console's
/// report page all show. Leads are those captured in the period (merged duplicates left out, erased ones counted
/// without their person); stages and the pipeline are as of the period's end (`asOf`); signed and landed projects,
/// visits and listing changes are those that happened within the period.
public struct Report: Sendable, Codable, Equatable {
    public var period: Period
    public var leads: Leads
    public var funnel: Funnel
    public var speed: Speed
    public var agents: [Agent]
    public var pipeline: Pipeline
    public var projects: [Project]
    public var listings: Listings

    public init(
        period: Period, leads: Leads, funnel: Funnel, speed: Speed, agents: [Agent], pipeline: Pipeline,
        projects: [Project], listings: Listings
    ) {
        (self.period, self.leads, self.funnel, self.speed) = (period, leads, funnel, speed)
        (self.agents, self.pipeline, self.projects, self.listings) = (agents, pipeline, projects, listings)
    }

    public struct Period: Sendable, Codable, Equatable {
        public var key, label, from, to, timeZone: String
        /// The instant the figures were taken at (ISO 8601): the period's end, or the report's time if earlier.
        public var asOf: String
        /// Whether the period had ended when the report was made.
        public var complete: Bool

        public init(_ period: ReportPeriod, asOf: Date) {
            (key, label, timeZone) = (period.key, period.label, ReportPeriod.timeZone)
            (from, to) = (CivilDate.text(day: period.firstDay), CivilDate.text(day: period.lastDay))
            self.asOf = Self.localTime(asOf)
            complete = asOf >= period.end
        }

        /// `2026-12-01T00:00:00+08:00`.
        static func localTime(_ date: Date) -> String {
            let (day, rest) = ReportPeriod.dayAndSecond(of: date)
            func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
            return CivilDate.text(day: day) + "T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))+08:00"
        }
    }

    /// A number of something, with its key (a source, a kind, a district id, a reason) and its Chinese label.
    public struct Count: Sendable, Codable, Equatable {
        public var key, label: String
        public var count: Int

        public init(key: String, label: String, count: Int) {
            (self.key, self.label, self.count) = (key, label, count)
        }
    }

    public struct Leads: Sendable, Codable, Equatable {
        /// New leads captured in the period.
        public var total: Int
        public var bySource, byKind, byDistrict, byPark: [Count]
        public var byWeek: [Week]
        /// Inquiries within the period from people who had asked before, and how many people they were.
        public var repeatInquiries, repeatPeople: Int

        public init(
            total: Int, bySource: [Count], byKind: [Count], byDistrict: [Count], byPark: [Count], byWeek: [Week],
            repeatInquiries: Int, repeatPeople: Int
        ) {
            (self.total, self.bySource, self.byKind, self.byDistrict) = (total, bySource, byKind, byDistrict)
            (self.byPark, self.byWeek, self.repeatInquiries, self.repeatPeople) =
                (byPark, byWeek, repeatInquiries, repeatPeople)
        }
    }

    /// A week's new leads by source (every source, in the order of `LeadSource.allCases`).
    public struct Week: Sendable, Codable, Equatable {
        public var from, to, label: String
        public var total: Int
        public var bySource: [Count]

        public init(from: String, to: String, label: String, bySource: [Count]) {
            (self.from, self.to, self.label, self.bySource) = (from, to, label, bySource)
            total = bySource.reduce(0) { $0 + $1.count }
        }
    }

    public struct Funnel: Sendable, Codable, Equatable {
        /// The period's new leads, and how many of them reached each stage by the period's end.
        public var leads: Int
        public var stages: [Stage]
        public var lost, junk: Closed

        public init(leads: Int, stages: [Stage], lost: Closed, junk: Closed) {
            (self.leads, self.stages, self.lost, self.junk) = (leads, stages, lost, junk)
        }
    }

    public struct Stage: Sendable, Codable, Equatable {
        public var status, label: String
        public var reached: Int
        /// Reached ÷ reached the stage before (0–1; nil when none reached it), and ÷ all the period's leads.
        public var ofPrevious, ofLeads: Double?

        public init(status: LeadStatus, reached: Int, previous: Int, leads: Int) {
            (self.status, label, self.reached) = (status.rawValue, status.label, reached)
            ofPrevious = Report.ratio(reached, previous)
            ofLeads = Report.ratio(reached, leads)
        }
    }

    /// The leads lost or junked as of the period's end, with their reasons grouped.
    public struct Closed: Sendable, Codable, Equatable {
        public var count: Int
        public var reasons: [Count]

        public init(count: Int, reasons: [Count]) {
            (self.count, self.reasons) = (count, reasons)
        }
    }

    /// From capture to the first 已联系: over the period's leads contacted by its end. A lead is due a call once 24
    /// hours have passed (by the period's end); one screened out as 无效 within 24 hours is not due.
    public struct Speed: Sendable, Codable, Equatable {
        public var contacted: Int
        public var medianHours, p90Hours: Double?
        public var due, notContactedWithin24h: Int

        public init(contacted: Int, medianHours: Double?, p90Hours: Double?, due: Int, notContactedWithin24h: Int) {
            (self.contacted, self.medianHours, self.p90Hours) = (contacted, medianHours, p90Hours)
            (self.due, self.notContactedWithin24h) = (due, notContactedWithin24h)
        }
    }

    /// A 招商专员's (or anyone assigned leads) period: the new leads assigned to them and how fast they were
    /// called, and the visits, signings and landings of their leads within the period.
    public struct Agent: Sendable, Codable, Equatable {
        public var login, name: String
        public var assigned: Int
        public var speed: Speed
        public var visits, signed, landed: Int

        public init(login: String, name: String, assigned: Int, speed: Speed, visits: Int, signed: Int, landed: Int) {
            (self.login, self.name, self.assigned, self.speed) = (login, name, assigned, speed)
            (self.visits, self.signed, self.landed) = (visits, signed, landed)
        }
    }

    public struct Pipeline: Sendable, Codable, Equatable {
        public var stages: [PipelineStage]
        public var total: PipelineStage

        public init(stages: [PipelineStage]) {
            self.stages = stages
            total = PipelineStage(
                status: "total", label: "合计", leads: stages.reduce(0) { $0 + $1.leads },
                taxWan: stages.reduce(0) { $0 + $1.taxWan }, investmentWan: stages.reduce(0) { $0 + $1.investmentWan },
                withTax: stages.reduce(0) { $0 + $1.withTax },
                withInvestment: stages.reduce(0) { $0 + $1.withInvestment })
        }
    }

    /// The leads at a stage as of the period's end, with the expected tax (万元/年) and planned investment (万元)
    /// of those that gave them.
    public struct PipelineStage: Sendable, Codable, Equatable {
        public var status, label: String
        public var leads: Int
        public var taxWan, investmentWan: Decimal
        public var withTax, withInvestment: Int

        public init(
            status: String, label: String, leads: Int, taxWan: Decimal, investmentWan: Decimal, withTax: Int,
            withInvestment: Int
        ) {
            (self.status, self.label, self.leads, self.taxWan, self.investmentWan) =
                (status, label, leads, taxWan, investmentWan)
            (self.withTax, self.withInvestment) = (withTax, withInvestment)
        }
    }

    /// A lead signed or landed within the period. Area: the listing's (land area for land) or else the need's; for
    /// land, per 亩 figures (1 亩 = 666.67 ㎡). An erased lead shows no company or use.
    public struct Project: Sendable, Codable, Equatable {
        public var ref, status, statusLabel: String
        public var company, use: String?
        public var investmentWan, taxWan, areaM2, areaMu, investmentPerMuWan, taxPerMuWan: Decimal?
        public var land, erased: Bool
        public var signedOn, landedOn: String?

        public init(
            ref: String, status: LeadStatus, company: String?, use: String?, investmentWan: Decimal?, taxWan: Decimal?,
            areaM2: Decimal?, land: Bool, erased: Bool, signedOn: String?, landedOn: String?
        ) {
            (self.ref, self.status, statusLabel, self.company, self.use) =
                (ref, status.rawValue, status.label, company, use)
            (self.investmentWan, self.taxWan, self.areaM2, self.land, self.erased) =
                (investmentWan, taxWan, areaM2, land, erased)
            (self.signedOn, self.landedOn) = (signedOn, landedOn)
            let mu = land ? areaM2.map { Report.rounded($0 / Area.squareMetresPerMu) } : nil
            areaMu = mu
            investmentPerMuWan = Report.perMu(investmentWan, mu)
            taxPerMuWan = Report.perMu(taxWan, mu)
        }
    }

    public struct Listings: Sendable, Codable, Equatable {
        /// Public (在租/在售) listings at the period's end, by kind and district.
        public var active: Int
        public var activeByKind, activeByDistrict: [Count]
        /// Listings published for the first time, leased, sold and withdrawn within the period.
        public var new, leased, sold, withdrawn: Int
        /// Days from first publication to leased or sold, median over the period's deals.
        public var medianDaysOnMarket: Double?
        public var views: Int
        public var mostViewed, mostAsked: [Interest]

        public init(
            activeByKind: [Count], activeByDistrict: [Count], new: Int, leased: Int, sold: Int, withdrawn: Int,
            medianDaysOnMarket: Double?, views: Int, mostViewed: [Interest], mostAsked: [Interest]
        ) {
            active = activeByKind.reduce(0) { $0 + $1.count }
            (self.activeByKind, self.activeByDistrict, self.new) = (activeByKind, activeByDistrict, new)
            (self.leased, self.sold, self.withdrawn, self.medianDaysOnMarket) =
                (leased, sold, withdrawn, medianDaysOnMarket)
            (self.views, self.mostViewed, self.mostAsked) = (views, mostViewed, mostAsked)
        }
    }

    /// A listing's views and inquiries within the period; inquiries per 100 views.
    public struct Interest: Sendable, Codable, Equatable {
        public var ref, title, kind, district: String
        public var views, inquiries: Int
        public var inquiriesPer100Views: Double?

        public init(ref: String, title: String, kind: String, district: String, views: Int, inquiries: Int) {
            (self.ref, self.title, self.kind, self.district, self.views, self.inquiries) =
                (ref, title, kind, district, views, inquiries)
            inquiriesPer100Views = views > 0 ? (Double(inquiries) * 10_000 / Double(views)).rounded() / 100 : nil
        }
    }

    /// `part ÷ whole` to four places (0.1234 = 12.34 %), nil when the whole is zero.
    static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole > 0 ? (Double(part) * 10_000 / Double(whole)).rounded() / 10_000 : nil
    }

    /// Money and areas to two places.
    static func rounded(_ value: Decimal) -> Decimal {
        var value = value
        var result = Decimal()
        NSDecimalRound(&result, &value, 2, .plain)
        return result
    }

    static func perMu(_ amount: Decimal?, _ mu: Decimal?) -> Decimal? {
        guard let amount, let mu, mu > 0 else { return nil }
        return rounded(amount / mu)
    }
}

extension Report.Funnel {
    /// The stages 已联系 … 落地 from how many of the period's leads got furthest to each (a lead that reached 洽谈
    /// passed 已联系 and 有效需求 too, even if it skipped 考察); `closed` holds the lost and junk leads' reasons.
    public init(leads: Int, furthest: [LeadStatus: Int], closed: [(status: LeadStatus, reason: String?, count: Int)]) {
        let stages: [LeadStatus] = [.contacted, .qualified, .visiting, .negotiating, .signed, .landed]
        var previous = leads
        var result: [Report.Stage] = []
        for (index, stage) in stages.enumerated() {
            let reached = stages[index...].reduce(0) { $0 + (furthest[$1] ?? 0) }
            result.append(Report.Stage(status: stage, reached: reached, previous: previous, leads: leads))
            previous = reached
        }
        func group(_ status: LeadStatus) -> Report.Closed {
            let rows = closed.filter { $0.status == status }
            return Report.Closed(
                count: rows.reduce(0) { $0 + $1.count }, reasons: Report.reasons(rows.map { ($0.reason, $0.count) }))
        }
        self.init(leads: leads, stages: result, lost: group(.lost), junk: group(.junk))
    }
}

extension Report {
    /// How many reasons a closed group lists before the rest are summed as 其他.
    static let reasonsListed = 8

    /// Reasons as people typed them, grouped: the same words (spaces and end punctuation aside) count together,
    /// the most frequent first; an erased lead's reason is 已删除, a missing one 未填.
    static func reasons(_ rows: [(reason: String?, count: Int)]) -> [Count] {
        var counts: [String: Int] = [:]
        for row in rows {
            let text = (row.reason ?? "").trimmingCharacters(
                in: .whitespacesAndNewlines.union(.init(charactersIn: "。.!！;；")))
            let key = text == "[已删除 erased]" ? "（已删除）" : text.isEmpty ? "（未填）" : text
            counts[key, default: 0] += row.count
        }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var listed = sorted.prefix(reasonsListed).map { Count(key: $0.key, label: $0.key, count: $0.value) }
        let rest = sorted.dropFirst(reasonsListed).reduce(0) { $0 + $1.value }
        if rest > 0 { listed.append(Count(key: "其他", label: "其他", count: rest)) }
        return listed
    }
}
