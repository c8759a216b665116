import Foundation
import Testing
@testable import ParkDeskCore

@Suite struct LabelTests {
    @Test func enumsParseKeysAndChineseLabels() {
        #expect(ListingKind.parse("厂房") == .factory)
        #expect(ListingKind.parse("industrial_land") == .industrialLand)
        #expect(ListingKind.parse(" Farmland ") == .farmland)
        #expect(ListingKind.parse("castle") == nil)
        #expect(DealType.parse("转让") == .transfer)
        #expect(PriceUnit.parse("元/㎡/月") == .yuanPerM2Month)
        #expect(PriceUnit.parse("面议") == .negotiable)
        #expect(FireRating.parse("丙类") == .c)
        #expect(ListingStatus.parse("洽谈中") == .pending)
    }

    @Test func everyEnumHasADistinctChineseLabel() {
        func distinct<E: LabeledEnum>(_ type: E.Type) -> Bool {
            let labels = E.allCases.map(\.label)
            return Set(labels).count == labels.count && labels.allSatisfy { !$0.isEmpty }
        }
        #expect(distinct(ListingKind.self) && distinct(DealType.self) && distinct(ListingStatus.self))
        #expect(
            distinct(PriceUnit.self) && distinct(OwnerType.self) && distinct(TitleStatus.self)
                && distinct(MediaKind.self))
    }

    @Test func statusTransitionsFollowTheLifecycle() throws {
        try ListingStatus.draft.validateChange(to: .active, deal: .rent)
        try ListingStatus.active.validateChange(to: .pending, deal: .rent)
        try ListingStatus.pending.validateChange(to: .sold, deal: .sale)
        #expect(throws: ValidationFailed.self) { try ListingStatus.draft.validateChange(to: .sold, deal: .sale) }
        #expect(throws: ValidationFailed.self) { try ListingStatus.active.validateChange(to: .leased, deal: .sale) }
        #expect(throws: ValidationFailed.self) { try ListingStatus.sold.validateChange(to: .active, deal: .sale) }
        #expect(ListingStatus.sold.next.isEmpty)
    }
}

@Suite struct AreaTests {
    @Test func parsesSquareMetresAndMu() {
        #expect(Area.parseSquareMetres("4000") == 4000)
        #expect(Area.parseSquareMetres("4000㎡") == 4000)
        #expect(Area.parseSquareMetres("1200平米") == 1200)
        #expect(Area.parseSquareMetres("30亩") == Decimal(string: "20000.1"))
        #expect(Area.parseSquareMetres("1 mu") == Decimal(string: "666.67"))
        #expect(Area.parseSquareMetres("abc") == nil)
        #expect(Area.parseSquareMetres("1e5") == nil)
        #expect(Area.parseSquareMetres("") == nil)
        #expect(Area.mu(fromSquareMetres: Decimal(string: "20000.1")!) == 30)
    }
}

@Suite struct ListingValidationTests {
    func factory() -> ListingDraft {
        var d = ListingDraft()
        d.kind = .factory; d.deal = .rent; d.title = "易俗河重工厂房"; d.district = "湘潭县"
        d.buildingArea = 4000; d.priceAmount = Decimal(string: "12.5"); d.priceUnit = .yuanPerM2Month
        return d
    }

    @Test func aGoodFactoryPassesAndIsNormalised() throws {
        var d = factory()
        d.title = "  厂房\u{0041}\u{030A}  "
        d.craneTons = 16
        d.features = ["独门独院", "独门独院", " 可环评 "]
        let valid = try d.validated()
        #expect(valid.title == "厂房\u{00C5}")
        #expect(valid.spec.building?.crane == Crane(count: 1, maxTons: 16))
        #expect(valid.features == ["独门独院", "可环评"])
        #expect(valid.contactPhone == officeHotline)
        #expect(valid.priceAmount == Decimal(string: "12.5"))
    }

    @Test func reportsEveryWrongFieldAtOnce() {
        var d = ListingDraft()
        d.kind = .farmland
        d.craneTons = 5
        d.priceAmount = -1
        do {
            _ = try d.validated()
            Issue.record("expected a failure")
        } catch {
            #expect(
                Set(error.fields).isSuperset(of: [
                    "deal", "title", "district", "priceUnit", "priceAmount", "landArea", "craneTons",
                ]))
        }
    }

    @Test func kindSpecificFieldsOnlyWhereTheyBelong() throws {
        var office = factory()
        office.kind = .office
        office.craneTons = 3
        #expect(
            throws: ValidationFailed(
                "craneTons", "does not apply to a office (办公): only factories and warehouses have cranes")
        ) {
            try office.validated()
        }
        var land = factory()
        land.kind = .industrialLand
        land.buildingArea = nil
        land.landAreaMu = 10
        land.deal = .transfer
        land.priceUnit = .negotiable
        land.priceAmount = nil
        land.waterSource = "河"
        #expect((try? land.validated()) == nil)
        land.waterSource = nil
        #expect(try land.validated().spec == .land(LandSpec(area: Decimal(string: "6666.7")!)))
    }

    @Test func theKindDecidesTheShapeAndADraftRoundTrips() throws {
        var farm = ListingDraft()
        farm.kind = .farmland; farm.deal = .rent; farm.title = "50亩养猪场土地流转"; farm.district = "湘潭县"
        farm.landAreaMu = 50; farm.allowedUses = ["养殖"]; farm.waterSource = "山塘水库"
        farm.priceAmount = 800; farm.priceUnit = .yuanPerMuYear
        let pigFarm = try farm.validated()
        let land = LandSpec(area: Decimal(string: "33333.5")!)
        #expect(pigFarm.spec == .farmland(FarmlandSpec(land: land, waterSource: "山塘水库", allowedUses: ["养殖"])))
        #expect(pigFarm.spec.building == nil && pigFarm.spec.land == land && pigFarm.area == land.area)
        var heavy = factory()
        heavy.craneCount = 2; heavy.craneTons = 16; heavy.clearHeight = 12; heavy.singleStorey = true
        let factory = try heavy.validated()
        #expect(factory.spec.land == nil && factory.spec.farmland == nil && factory.area == 4000)
        for listing in [pigFarm, factory] {
            #expect(try listing.draft.validated() == listing)
        }
        // A building turning into land keeps only the fields every kind has.
        let common = heavy.keepingCommonFields()
        #expect(common.kind == nil && common.buildingArea == nil && common.craneTons == nil)
        #expect(common.title == heavy.title && common.priceAmount == heavy.priceAmount)
    }

    @Test func priceRules() {
        var sale = factory()
        sale.deal = .sale
        #expect((try? sale.validated()) == nil)  // 元/㎡/月 is no sale price
        sale.priceUnit = .wanYuanTotal
        sale.priceAmount = 1200
        #expect((try? sale.validated()) != nil)
        var negotiable = factory()
        negotiable.priceUnit = .negotiable
        #expect((try? negotiable.validated()) == nil)  // 面议 with an amount
        negotiable.priceAmount = nil
        #expect((try? negotiable.validated()) != nil)
        var tooPrecise = factory()
        tooPrecise.priceAmount = Decimal(string: "12.345")
        #expect((try? tooPrecise.validated()) == nil)
    }

    @Test func mergingKeepsUnsetFields() {
        var patch = ListingDraft()
        patch.title = "新标题"
        let merged = factory().merging(patch)
        #expect(merged.title == "新标题")
        #expect(merged.buildingArea == 4000)
        #expect(patch.setFields == [.title])
        #expect(ListingDraft.allFields.map(\.name) == ListingField.allCases, "one property a field, in order")
    }

    @Test func datesAndPhones() {
        var d = factory()
        d.availableFrom = "2026-02-30"
        d.contactPhone = "call me"
        var fields: [String] = []
        do { _ = try d.validated() } catch { fields = error.fields }
        #expect(fields.contains("availableFrom") && fields.contains("contactPhone"))
        d.availableFrom = "2028-02-29"
        d.contactPhone = "0731-5555 1234"
        #expect((try? d.validated()) != nil)
        // a record's day lies in 1900–2199, as the contract's pattern says; "+202-01-01" is not four digits
        for typo in ["0202-01-01", "2200-01-01", "+202-01-01", "2026-1-01"] {
            d.availableFrom = typo
            #expect(throws: ValidationFailed.self, "\(typo)") { try d.validated() }
        }
    }

    /// Contract gap (issue 29): `leads.csv?since=0086-07-18` is a valid `format: date` and was refused.
    @Test func aFilterTakesAnyDayTheContractCallsADate() throws {
        var filter = LeadFilter()
        (filter.since, filter.until) = ("0086-07-18", "9999-12-31")
        #expect(try filter.validated().since == "0086-07-18")
        filter.since = "0000-01-01"
        #expect(throws: ValidationFailed.self) { try filter.validated() }
    }
}

@Suite struct ListingTextInputTests {
    @Test func readsTypedTextFieldsInEitherSpelling() throws {
        let draft = try ListingDraft(text: [
            "kind": "厂房", "deal": "出租", "building-area": "4000㎡", "craneTons": "16", "standalone": "是",
            "features": "独门独院、可环评", "price": "12.5", "priceUnit": "元/㎡/月", "title": "",
        ])
        #expect(draft.kind == .factory && draft.deal == .rent)
        #expect(draft.buildingArea == 4000 && draft.craneTons == 16 && draft.standalone == true)
        #expect(draft.features == ["独门独院", "可环评"])
        #expect(draft.priceAmount == Decimal(string: "12.5") && draft.priceUnit == .yuanPerM2Month)
        #expect(draft.title == nil)
        #expect(try ListingDraft(text: ["price": "面议"]).priceUnit == .negotiable)
    }

    @Test func reportsUnknownFieldsAndUnreadableValuesTogether() {
        do {
            _ = try ListingDraft(text: ["colour": "red", "storeys": "two", "standalone": "maybe", "landArea": "big"])
            Issue.record("expected errors")
        } catch {
            #expect(Set(error.fields) == ["colour", "storeys", "standalone", "landArea"])
        }
    }
}

@Suite struct DecimalFastPathTests {
    /// The shortcuts against Foundation's general paths, on random hundredths and on edge values.
    @Test func nearestDoubleAndMuMatchTheGeneralPaths() {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<20_000).map { _ in
            Decimal(Int64.random(in: -99_999_999_999...99_999_999_999, using: &generator)) / 100
        }
        let edges = [
            "0", "0.01", "0.04", "4000.5", "666.67", "333.335", "1e30", "-0.5", "123456789012345.67",
            "9007199254740993", "0.000000000000000000000001",
        ].map { Decimal(string: $0)! }
        for value in random + edges {
            #expect(value.nearestDouble == Double("\(value)"), "\(value)")
            guard !value.isSignMinus else { continue }
            let mu = Area.mu(fromSquareMetres: value)
            let general = DecimalText.rounded(value / Area.squareMetresPerMu, scale: 2)
            #expect(mu == general && "\(mu)" == "\(general)", "\(value) m²")
        }
        #expect(Area.mu(fromSquareMetres: Decimal(string: "333.34")!) == Decimal(string: "0.5"))
        #expect(Area.mu(fromSquareMetres: Decimal(string: "333.33")!) == Decimal(string: "0.5"))
        #expect(Area.mu(fromSquareMetres: Decimal(string: "3.33")!) == Decimal(string: "0"))
        #expect(Area.mu(fromSquareMetres: Decimal(string: "3.34")!) == Decimal(string: "0.01"))
    }
}
