public import ParkDeskStore
import Foundation
import Logging
import ParkDeskCore
public import ParkDeskMedia

/// A realistic demo set: the office's real listings and ~50 plausible others, in the parks the migrations add.
/// Idempotent: a listing whose title exists already is not added again.
public struct DemoData: Sendable {
    let database: Database
    /// Where the demo's photos go; without it (or without libvips) the listings come without photos.
    var media: MediaLibrary?

    /// The office's own listings, as published.
    static var sourceListings: [ListingDraft] {
        var yisuhe = ListingDraft()
        yisuhe.kind = .factory; yisuhe.deal = .rent; yisuhe.title = "易俗河重工厂房4000平米独栋单层出租,行车16吨,独门独院"
        yisuhe.district = "湘潭县"; yisuhe.town = "易俗河镇"; yisuhe.park = "湘潭天易经开区"
        yisuhe.buildingArea = 4000; yisuhe.standalone = true; yisuhe.singleStorey = true; yisuhe.craneTons = 16
        yisuhe.clearHeight = 12; yisuhe.features = ["独门独院", "大车进出", "水电配套"]; yisuhe.priceUnit = .negotiable
        yisuhe.latitude = 27.7812; yisuhe.longitude = 112.9487; yisuhe.ownerType = .owner

        var selfBuilt = ListingDraft()
        selfBuilt.kind = .factory; selfBuilt.deal = .rent; selfBuilt.title = "业主自建单层独栋厂房1200平米出租,带行车五吨"
        selfBuilt.district = "雨湖区"; selfBuilt.buildingArea = 1200; selfBuilt.standalone = true;
        selfBuilt.singleStorey = true
        selfBuilt.craneTons = 5; selfBuilt.ownerType = .owner; selfBuilt.features = ["停车方便"]
        selfBuilt.priceAmount = 13; selfBuilt.priceUnit = .yuanPerM2Month

        var heavy = ListingDraft()
        heavy.kind = .factory; heavy.deal = .rent; heavy.title = "行车20吨重工厂房3000平米出租"
        heavy.district = "湘潭经开区"; heavy.park = "湘潭经开区"; heavy.buildingArea = 3000; heavy.craneTons = 20
        heavy.craneCount = 2; heavy.singleStorey = true; heavy.powerKva = 800; heavy.priceAmount = 15
        heavy.priceUnit = .yuanPerM2Month; heavy.features = ["大车进出", "可环评"]

        var pigFarm = ListingDraft()
        pigFarm.kind = .farmland; pigFarm.deal = .rent; pigFarm.title = "湘潭养猪农庄用地出租"
        pigFarm.district = "湘潭县"; pigFarm.landAreaMu = 50; pigFarm.allowedUses = ["养殖"]; pigFarm.waterSource = "山塘水库"
        pigFarm.landNature = .collective; pigFarm.tenureYears = 15; pigFarm.priceAmount = 600;
        pigFarm.priceUnit = .yuanPerMuYear

        var collective = ListingDraft()
        collective.kind = .collectiveLand; collective.deal = .transfer; collective.title = "湘乡市集体建设用地转让（权属公示中）"
        collective.district = "湘乡市"; collective.landAreaMu = 20; collective.landNature = .collective
        collective.titleStatus = .publicNotice; collective.plannedUse = "工业"; collective.priceUnit = .negotiable
        return [yisuhe, selfBuilt, heavy, pigFarm, collective]
    }

    /// Plausible listings across kinds, districts and parks, from a fixed recipe (same set every time).
    static var generatedListings: [ListingDraft] {
        let districts = ["雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市", "湘潭经开区", "湘潭高新区", "北湖区", "苏仙区", "资兴市", "临武县", "桂阳县"]
        let parkOf = ["湘潭经开区": "湘潭经开区", "湘潭高新区": "湘潭高新区", "临武县": "临武高新区", "湘潭县": "湘潭天易经开区"]
        let featureSets = [["独门独院", "停车方便"], ["可环评", "大车进出"], ["水电配套"], ["独门独院", "可环评", "水电配套"], []]
        var drafts: [ListingDraft] = []
        for i in 0..<50 {
            let district = districts[i % districts.count]
            var d = ListingDraft()
            d.district = district
            d.park = parkOf[district]
            d.features = featureSets[i % featureSets.count]
            switch i % 5 {
            case 0, 1:
                let area = 800 + (i * 370) % 9000
                let crane = [0, 5, 10, 16, 20, 32][i % 6]
                d.kind = .factory; d.deal = i % 4 == 0 ? .sale : .rent
                d.buildingArea = Decimal(area); d.singleStorey = i % 3 != 0; d.standalone = i % 2 == 0
                d.storeys = d.singleStorey == true ? 1 : 3
                if crane > 0 { d.craneTons = Decimal(crane) }
                d.clearHeight = Decimal(6 + i % 8); d.powerKva = 200 + (i % 7) * 100
                d.title =
                    "\(district)\(d.standalone == true ? "独栋" : "")\(d.singleStorey == true ? "单层" : "多层")"
                    + "厂房\(area)平米\(d.deal == .sale ? "出售" : "出租")"
                    + (crane > 0 ? ",行车\(crane)吨" : "")
                if d.deal == .sale {
                    d.priceAmount = Decimal(area * 3 / 10); d.priceUnit = .wanYuanTotal
                } else {
                    d.priceAmount = Decimal(8 + i % 12); d.priceUnit = .yuanPerM2Month
                }
            case 2:
                let area = 500 + (i * 130) % 5000
                d.kind = .warehouse; d.deal = .rent; d.buildingArea = Decimal(area); d.singleStorey = true
                d.title = "\(district)标准仓库\(area)平米出租,大车可进"
                d.priceAmount = Decimal(string: "0.\(3 + i % 5)") ?? 0.5; d.priceUnit = .yuanPerM2Day
            case 3:
                let mu = 10 + (i * 7) % 120
                d.kind = i % 2 == 0 ? .industrialLand : .commercialLand; d.deal = .transfer
                d.landAreaMu = Decimal(mu); d.landNature = .state; d.titleStatus = .certified; d.tenureYears = 50
                d.plannedUse = d.kind == .industrialLand ? "工业" : "商业"; d.plotRatio = Decimal(string: "1.\(i % 9)")
                d.title = "\(district)\(d.kind == .industrialLand ? "工业" : "商业")用地\(mu)亩转让"
                d.priceAmount = Decimal(mu * 18); d.priceUnit = .wanYuanTotal
            default:
                let mu = 30 + (i * 11) % 300
                d.kind = .farmland; d.deal = .rent; d.landAreaMu = Decimal(mu); d.landNature = .collective
                d.allowedUses = i % 2 == 0 ? ["种植"] : ["养殖", "种植"]; d.waterSource = "灌溉渠"; d.tenureYears = 10
                d.title = "\(district)\(mu)亩农用地流转\(i % 2 == 0 ? ",适合种植" : ",可养殖")"
                d.priceAmount = Decimal(400 + (i % 6) * 100); d.priceUnit = .yuanPerMuYear
            }
            drafts.append(d)
        }
        return drafts
    }

    /// Loads the demo data into a database without listings (`serve --demo`); `nil` when it had some.
    public func loadIntoEmpty(actor: String) async throws -> Int? {
        try await database.serialised(as: Self.lockName) {
            try await database.isEmpty(.listings) ? try await loadMissing(actor: actor) : nil
        }
    }

    /// Loads the listings that are missing; returns how many it added.
    public func load(actor: String) async throws -> Int {
        try await database.serialised(as: Self.lockName) { try await loadMissing(actor: actor) }
    }

    /// Two processes seeding at once (two `serve --demo` started together) take turns under this lock, and the
    /// second finds everything there already.
    static let lockName = "parkdesk-demo-data"

    private func loadMissing(actor: String) async throws -> Int {
        let store = database.listings
        var titles = try await database.listingTitles()
        var addedListings = 0
        for (index, draft) in (Self.sourceListings + Self.generatedListings).enumerated()
        where !titles.contains(draft.title ?? "") {
            let listing = try await store.create(draft, status: .active, actor: actor)
            titles.insert(draft.title ?? "")
            addedListings += 1
            if index < Self.photographed { await addPhotos(to: listing, number: index, actor: actor) }
        }
        return addedListings
    }

    /// How many of the first listings get photos.
    static let photographed = 6

    /// An outside and an inside view (for factories and warehouses); a listing without them is still a listing,
    /// so a failure is logged, not thrown.
    private func addPhotos(to listing: Listing, number: Int, actor: String) async {
        guard let media, listing.fields.kind.isBuilding else { return }
        do {
            for (photo, caption) in [
                (try DemoPhotos.exterior(number), "外景"), (try DemoPhotos.interior(number), "车间内景"),
            ] {
                _ = try await media.add(
                    photo, kind: .photo, caption: caption, toListing: listing.ref, expectedVersion: nil, actor: actor)
            }
        } catch {
            database.logger.warning(
                "Demo photos were not added", metadata: ["listing": "\(listing.ref)", "error": "\(error)"])
        }
    }
}

extension Database {
    public var demoData: DemoData { DemoData(database: self) }

    /// The demo data with photos stored by `media`.
    public func demoData(media: MediaLibrary) -> DemoData { DemoData(database: self, media: media) }
    public var syntheticListings: SyntheticListings { SyntheticListings(database: self) }
    public var syntheticLeads: SyntheticLeads { SyntheticLeads(database: self) }
}
