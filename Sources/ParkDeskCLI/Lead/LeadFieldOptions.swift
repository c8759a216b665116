import ArgumentParser
import Foundation
import ParkDeskCore

/// A lead's fields as flags (`--mobile "138 1234 5678" --kinds 厂房,仓库 --min-area 30亩`). On a terminal,
/// `lead add` asks in Chinese for what the flags left out.
struct LeadFieldOptions: ParsableArguments {
    @Option(help: "hotline|web|wechat|walk-in|referral|event, or 400热线 … (default hotline).") var source: String =
        "hotline"
    @Option(help: "Contact person (联系人).") var contact: String?
    @Option(help: "Mobile (手机号): 13812345678, 138 1234 5678, +86 …") var mobile: String?
    @Option(help: "Company (公司).") var company: String?
    @Option(help: "Unified social credit code (统一社会信用代码), 18 characters.") var creditCode: String?
    @Option(name: .customLong("use"), help: "Intended use / industry (用途).") var intendedUse: String?
    @Option(help: "Expected annual tax in 万元 (税收).") var tax: String?
    @Option(help: "Planned investment in 万元.") var investment: String?
    @Option(help: "Wanted kinds, comma-separated: 厂房,仓库 or factory,warehouse.") var kinds: String?
    @Option(help: "rent|sale|transfer, or 出租|出售|转让.") var deal: String?
    @Option(help: "Smallest area: 3000, 3000㎡ or 30亩.") var minArea: String?
    @Option(help: "Largest area: 5000, 5000㎡ or 50亩.") var maxArea: String?
    @Option(help: "Budget: 元/㎡/月 to rent, 万元 to buy (with --budget-unit).") var budget: String?
    @Option(help: "yuan-per-m2-month (元/㎡/月) or wan-yuan-total (万元).") var budgetUnit: String?
    @Option(help: "Preferred districts, comma-separated (湘潭县,九华).") var districts: String?
    @Option(help: "Preferred parks, comma-separated (names or ids).") var parks: String?
    @Option(help: "Needs a crane of at least this many tons.") var crane: String?
    @Option(help: "Wanted move-in date, YYYY-MM-DD.") var moveIn: String?
    @Option(help: "The need in the caller's words (需求).") var need: String?
    @Option(help: "Landline (座机).") var landline: String?
    @Option(help: "WeChat id (微信).") var wechat: String?
    @Option(help: "E-mail.") var email: String?
    @Option(help: "Message.") var message: String?
    @Option(help: "The listing asked about, e.g. XT-2026-000123.") var listing: String?
    @Option(help: "Campaign or event name.") var campaign: String?
    @Option(help: "Privacy notice version the caller agreed to (required for web).") var consentVersion: String?

    /// The draft's field names these flags set (beyond the source), to show which of them win over a text.
    var givenFields: [String] {
        let flags: [(String, Any?)] = [
            ("contactName", contact), ("mobile", mobile), ("company", company), ("intendedUse", intendedUse),
            ("expectedTax", tax), ("investment", investment), ("kinds", kinds), ("deal", deal), ("minArea", minArea),
            ("maxArea", maxArea), ("budget", budget), ("districts", districts), ("parks", parks),
            ("minCraneTons", crane), ("landline", landline),
        ]
        return flags.filter { $0.1 != nil }.map(\.0)
    }

    /// The draft these flags describe; unreadable values are field errors, all at once.
    func draft() throws(ValidationFailed) -> LeadDraft {
        var reader = TextFieldReader()
        var d = LeadDraft()
        d.source = reader.labeled(source, "source")
        d.contactName = contact
        d.mobile = mobile
        d.company = company
        d.creditCode = creditCode
        d.intendedUse = intendedUse
        d.expectedTax = reader.wanYuan(tax, "tax")
        d.investment = reader.wanYuan(investment, "investment")
        d.kinds = kinds.map { reader.list($0).compactMap { reader.labeled($0, "kinds") } }
        d.deal = reader.labeled(deal, "deal")
        d.minArea = reader.area(minArea, "minArea")
        d.maxArea = reader.area(maxArea, "maxArea")
        d.budget = reader.number(budget, "budget")
        d.budgetUnit = reader.labeled(budgetUnit, "budgetUnit")
        d.districts = districts.map(reader.list)
        d.parks = parks.map(reader.list)
        d.minCraneTons = reader.number(crane, "crane")
        d.moveIn = moveIn
        d.needText = need
        d.landline = landline
        d.wechat = wechat
        d.email = email
        d.message = message
        d.listingRef = listing
        d.campaign = campaign
        d.consentVersion = consentVersion
        if !reader.errors.isEmpty { throw ValidationFailed(reader.errors) }
        return d
    }
}
