public import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO

/// The period report (`Report`) from SQL aggregates: three statements, run side by side, each answering one JSON
/// object of counts — the period's new leads (sources, kinds, places, weeks, funnel, speed, per agent), what
/// happened to leads within the period and the pipeline at its end, and the listings. Names and labels are added
/// here, from the places' cache and the enums' labels.
public struct ReportStore: Sendable {
    let database: Database

    public func report(_ period: ReportPeriod, now: Date = Date()) async throws -> Report {
        let window = Window(period: period, asOf: period.asOf(now))
        async let leads = facts(CohortFacts.self, Self.cohort(window))
        async let activity = facts(ActivityFacts.self, Self.activity(window))
        async let listings = facts(ListingFacts.self, Self.listings(window))
        async let districts = database.places.districts()
        async let parks = database.places.parkChoices()
        let names = Names(
            districts: Dictionary(
                try await districts.map { (String($0.id), $0.name) }, uniquingKeysWith: { a, _ in a }),
            parks: Dictionary(try await parks.map { (String($0.id), $0.name) }, uniquingKeysWith: { a, _ in a }))
        return try await Self.assemble(
            period: period, window: window, leads: leads, activity: activity, listings: listings, names: names)
    }

    /// The period's bounds as the statements bind them.
    struct Window {
        let start, asOf: Date
        let firstDay, lastDay: String

        init(period: ReportPeriod, asOf: Date) {
            (start, self.asOf) = (period.start, asOf)
            firstDay = CivilDate.text(day: period.firstDay)
            lastDay = CivilDate.text(day: min(period.lastDay, ReportPeriod.day(of: asOf)))
        }
    }

    struct Names {
        let districts, parks: [String: String]
    }

    /// How long a report may take: a year over a million leads takes seconds, past the limit meant for requests
    /// (the request deadline of a report is this one's too, see `serve`).
    public static let timeLimit = Duration.seconds(60)

    func facts<T: Decodable>(_ type: T.Type, _ sql: SQL) async throws -> T {
        let logger = database.logger
        let text = try await database.client.longTransaction(logger: logger) { tx in
            try await tx.run("SET LOCAL statement_timeout = '60s'", logger: logger)
            var answer: String?
            for try await text in try await tx.run(sql, logger: logger).decode(String.self) { answer = text }
            return answer ?? "{}"
        }
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}

// MARK: - what the statements answer

struct KeyCount: Decodable {
    let key: String?
    let n: Int
}

struct SpeedFacts: Decodable {
    let contacted, due, late: Int
    let median, p90: Double?

    var speed: Report.Speed {
        Report.Speed(
            contacted: contacted, medianHours: median.map(Self.tenths), p90Hours: p90.map(Self.tenths), due: due,
            notContactedWithin24h: late)
    }

    static func tenths(_ hours: Double) -> Double { (hours * 10).rounded() / 10 }
}

struct CohortFacts: Decodable {
    struct WeekCount: Decodable {
        let week: String
        let key: String
        let n: Int
    }
    struct Closed: Decodable {
        let status: LeadStatus
        let reason: String?
        let n: Int
    }
    struct Agent: Decodable {
        let id: Int
        let login, name: String
        let assigned: Int
        let speed: SpeedFacts
    }
    let total: Int
    let bySource, byKind, byDistrict, byPark, furthest: [KeyCount]
    let byWeek: [WeekCount]
    let closed: [Closed]
    let speed: SpeedFacts
    let agents: [Agent]
}

struct ActivityFacts: Decodable {
    struct Agent: Decodable {
        let id: Int
        let login, name: String
        let visits, signed, landed: Int
    }
    struct Project: Decodable {
        let ref: String
        let status: LeadStatus
        let company, use, investment, tax, area, signedOn, landedOn: String?
        let land, erased: Bool
    }
    struct Stage: Decodable {
        let status: LeadStatus
        let n, withTax, withInvestment: Int
        let tax, investment: String
    }
    struct Repeats: Decodable {
        let inquiries, people: Int
    }
    let agents: [Agent]
    let projects: [Project]
    let pipeline: [Stage]
    let repeats: Repeats
}

struct ListingFacts: Decodable {
    struct Interest: Decodable {
        let ref, title, kind, district: String
        let views, inquiries: Int
    }
    let activeByKind, activeByDistrict: [KeyCount]
    let new, leased, sold, withdrawn, views: Int
    let medianDays: Double?
    let mostViewed, mostAsked: [Interest]
}

// MARK: - names and order

extension ReportStore {
    static func assemble(
        period: ReportPeriod, window: Window, leads: CohortFacts, activity: ActivityFacts, listings: ListingFacts,
        names: Names
    ) throws -> Report {
        func counts(_ rows: [KeyCount], none: String, label: (String) -> String?) -> [Report.Count] {
            rows.map { row in
                Report.Count(key: row.key ?? "", label: row.key.flatMap(label) ?? none, count: row.n)
            }.sorted { $0.count != $1.count ? $0.count > $1.count : $0.label < $1.label }
        }
        let kindLabel = { (key: String) in ListingKind(rawValue: key)?.label }
        /// Every source in its order, with its count (0 when none).
        func bySource(_ count: (String) -> Int?) -> [Report.Count] {
            LeadSource.allCases.map { Report.Count(key: $0.rawValue, label: $0.label, count: count($0.rawValue) ?? 0) }
        }
        let sources = bySource { source in leads.bySource.first { $0.key == source }?.n }
        let weeks = period.weeks.map { week in
            let monday = CivilDate.text(day: week.monday)
            return Report.Week(
                from: CivilDate.text(day: week.firstDay), to: CivilDate.text(day: week.lastDay), label: week.label,
                bySource: bySource { source in leads.byWeek.first { $0.week == monday && $0.key == source }?.n })
        }
        var furthest: [LeadStatus: Int] = [:]
        for row in leads.furthest { if let status = row.key.flatMap(LeadStatus.init) { furthest[status] = row.n } }
        let funnel = Report.Funnel(
            leads: leads.total, furthest: furthest, closed: leads.closed.map { ($0.status, $0.reason, $0.n) })
        let stages: [LeadStatus] = [.new, .contacted, .qualified, .visiting, .negotiating, .signed, .landed]
        let pipeline = Report.Pipeline(
            stages: stages.map { status in
                let row = activity.pipeline.first { $0.status == status }
                return Report.PipelineStage(
                    status: status.rawValue, label: status.label, leads: row?.n ?? 0,
                    taxWan: Decimal(string: row?.tax ?? "0") ?? 0,
                    investmentWan: Decimal(string: row?.investment ?? "0") ?? 0,
                    withTax: row?.withTax ?? 0, withInvestment: row?.withInvestment ?? 0)
            })
        let agents = Set(leads.agents.map(\.id)).union(activity.agents.map(\.id)).compactMap { id -> Report.Agent? in
            let cohort = leads.agents.first { $0.id == id }
            let moves = activity.agents.first { $0.id == id }
            guard let login = cohort?.login ?? moves?.login, let name = cohort?.name ?? moves?.name else { return nil }
            return Report.Agent(
                login: login, name: name, assigned: cohort?.assigned ?? 0,
                speed: cohort?.speed.speed
                    ?? Report.Speed(contacted: 0, medianHours: nil, p90Hours: nil, due: 0, notContactedWithin24h: 0),
                visits: moves?.visits ?? 0, signed: moves?.signed ?? 0, landed: moves?.landed ?? 0)
        }.sorted { $0.assigned != $1.assigned ? $0.assigned > $1.assigned : $0.login < $1.login }
        let projects = activity.projects.map { row in
            Report.Project(
                ref: row.ref, status: row.status, company: row.company, use: row.use,
                investmentWan: row.investment.flatMap { Decimal(string: $0) },
                taxWan: row.tax.flatMap { Decimal(string: $0) },
                areaM2: row.area.flatMap { Decimal(string: $0) }, land: row.land, erased: row.erased,
                signedOn: row.signedOn, landedOn: row.landedOn)
        }.sorted { ($0.signedOn ?? $0.landedOn ?? "", $0.ref) < ($1.signedOn ?? $1.landedOn ?? "", $1.ref) }
        func interest(_ rows: [ListingFacts.Interest]) -> [Report.Interest] {
            rows.map {
                Report.Interest(
                    ref: $0.ref, title: $0.title, kind: kindLabel($0.kind) ?? $0.kind,
                    district: names.districts[$0.district] ?? $0.district, views: $0.views, inquiries: $0.inquiries)
            }
        }
        return Report(
            period: Report.Period(period, asOf: window.asOf),
            leads: Report.Leads(
                total: leads.total, bySource: sources, byKind: counts(leads.byKind, none: "未填", label: kindLabel),
                byDistrict: counts(leads.byDistrict, none: "未指定区县") { names.districts[$0] },
                byPark: counts(leads.byPark, none: "未指定园区") { names.parks[$0] }, byWeek: weeks,
                repeatInquiries: activity.repeats.inquiries, repeatPeople: activity.repeats.people),
            funnel: funnel, speed: leads.speed.speed, agents: agents, pipeline: pipeline, projects: projects,
            listings: Report.Listings(
                activeByKind: counts(listings.activeByKind, none: "", label: kindLabel),
                activeByDistrict: counts(listings.activeByDistrict, none: "") { names.districts[$0] },
                new: listings.new, leased: listings.leased, sold: listings.sold, withdrawn: listings.withdrawn,
                medianDaysOnMarket: listings.medianDays.map { ($0 * 10).rounded() / 10 }, views: listings.views,
                mostViewed: interest(listings.mostViewed), mostAsked: interest(listings.mostAsked)))
    }
}
