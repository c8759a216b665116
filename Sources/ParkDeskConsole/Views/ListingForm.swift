import Crypto
import Foundation
import ParkDeskCore
import ParkDeskHTTP

/// The listing form of the console: its fields in sections by kind (a building's, a crane's, land's, farmland's),
/// the text each shows, and the draft a posted form makes. The form's names are the text fields of
/// `ListingDraft(text:)`, the path CSV imports and the CLI take, so the console validates as they do.
enum ListingForm {
    enum Input: Sendable {
        case text, number, date, textarea
        case select([(value: String, label: String)])
    }

    struct Field: Sendable {
        let name, label: String
        let unit: String?
        let input: Input

        init(_ name: String, _ label: String, _ input: Input = .text, unit: String? = nil) {
            (self.name, self.label, self.input, self.unit) = (name, label, input, unit)
        }
    }

    /// A group of fields shown for some kinds only (`nil`: every kind).
    struct Section: Sendable {
        let legend: String
        let kinds: [ListingKind]?
        let fields: [Field]
    }

    static func choices<E: LabeledEnum>(_ type: E.Type, blank: String? = "未填") -> Input {
        .select((blank.map { [("", $0)] } ?? []) + E.allCases.map { ($0.rawValue, $0.label) })
    }

    static let yesNo = Input.select([("", "未填"), ("是", "是"), ("否", "否")])

    /// Every section; district and park choices are the database's, filled in by `view`.
    static let sections: [Section] = [
        Section(
            legend: "基本信息", kinds: nil,
            fields: [
                Field("kind", "类型", choices(ListingKind.self, blank: "请选择")),
                Field("deal", "交易方式", choices(DealType.self, blank: "请选择")),
                Field("title", "标题"),
                Field("district", "区县", .select([])),
                Field("park", "园区", .select([])),
                Field("town", "乡镇/街道"),
                Field("address", "地址"),
            ]),
        Section(
            legend: "价格", kinds: nil,
            fields: [
                Field("price", "价格", .number),
                Field("priceUnit", "价格单位", choices(PriceUnit.self, blank: "请选择")),
            ]),
        Section(
            legend: "建筑", kinds: ListingKind.allCases.filter(\.isBuilding),
            fields: [
                Field("buildingArea", "建筑面积", .number, unit: "㎡"),
                Field("storeys", "总层数", .number, unit: "层"),
                Field("floor", "所在楼层", .number, unit: "层"),
                Field("standalone", "独栋", yesNo),
                Field("singleStorey", "单层", yesNo),
                Field("clearHeight", "净高", .number, unit: "米"),
                Field("floorLoad", "承重", .number, unit: "吨/㎡"),
                Field("powerKva", "用电容量", .number, unit: "kVA"),
                Field("fireRating", "火灾危险性", choices(FireRating.self)),
                Field("divisibleMin", "最小可分割", .number, unit: "㎡"),
            ]),
        Section(
            legend: "行车", kinds: ListingKind.allCases.filter(\.allowsCrane),
            fields: [
                Field("craneCount", "行车台数", .number, unit: "台"),
                Field("craneTons", "最大吨位", .number, unit: "吨"),
            ]),
        Section(
            legend: "土地", kinds: ListingKind.allCases.filter { !$0.isBuilding },
            fields: [
                Field("landArea", "土地面积", .number),
                Field("landAreaUnit", "面积单位", .select([("m2", "㎡"), ("mu", "亩（1 亩 = 666.67 ㎡）")])),
                Field("landNature", "土地性质", choices(LandNature.self)),
                Field("plannedUse", "规划用途"),
                Field("tenureYears", "年限", .number, unit: "年"),
                Field("titleStatus", "权属", choices(TitleStatus.self)),
                Field("plotRatio", "容积率", .number),
            ]),
        Section(
            legend: "农用地", kinds: [.farmland],
            fields: [
                Field("waterSource", "水源"),
                Field("allowedUses", "可用于（逗号分隔）"),
            ]),
        Section(
            legend: "联系与其他", kinds: nil,
            fields: [
                Field("features", "特色（逗号分隔，如 独门独院，可办环评）"),
                Field("contactName", "联系人"),
                Field("contactPhone", "联系电话（空则为招商热线）"),
                Field("ownerType", "业主类型", choices(OwnerType.self)),
                Field("availableFrom", "可入驻日期", .date),
                Field("latitude", "纬度", .number),
                Field("longitude", "经度", .number),
                Field("description", "描述", .textarea),
            ]),
    ]

    /// The draft a posted form makes: the text of every field it carries, read as a CSV row is (a land area in 亩
    /// when its unit says so). Unreadable values are field errors.
    static func draft(_ form: FormFields) throws(ValidationFailed) -> ListingDraft {
        var values: [String: String] = [:]
        for pair in form.pairs where ListingDraft.textFieldNames.contains(pair.name) {
            values[pair.name] = pair.value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if form["landAreaUnit"] == "mu", let area = values["landArea"], !area.isEmpty {
            values["landArea"] = area + "亩"
        }
        return try ListingDraft.checked(text: values)
    }

    /// A listing's fields as the form's texts (areas in ㎡, yes/no as 是/否, lists with “，”).
    static func texts(_ d: ListingDraft) -> [String: String] {
        func number(_ value: Decimal?) -> String? { value.map { "\($0)" } }
        func yes(_ value: Bool?) -> String? { value.map { $0 ? "是" : "否" } }
        let values: [String: String?] = [
            "kind": d.kind?.rawValue, "deal": d.deal?.rawValue, "title": d.title, "description": d.description,
            "district": d.district, "town": d.town, "park": d.park, "address": d.address,
            "latitude": d.latitude.map { "\($0)" }, "longitude": d.longitude.map { "\($0)" },
            "features": d.features?.joined(separator: "，"), "contactName": d.contactName,
            "contactPhone": d.contactPhone, "ownerType": d.ownerType?.rawValue, "availableFrom": d.availableFrom,
            "buildingArea": number(d.buildingArea), "storeys": d.storeys.map(String.init),
            "floor": d.floor.map(String.init), "standalone": yes(d.standalone), "singleStorey": yes(d.singleStorey),
            "clearHeight": number(d.clearHeight), "floorLoad": number(d.floorLoad),
            "craneCount": d.craneCount.map(String.init), "craneTons": number(d.craneTons),
            "powerKva": d.powerKva.map(String.init), "fireRating": d.fireRating?.rawValue,
            "divisibleMin": number(d.divisibleMin), "landArea": number(d.landArea ?? d.landAreaMu),
            "landAreaUnit": d.landAreaMu != nil && d.landArea == nil ? "mu" : "m2",
            "landNature": d.landNature?.rawValue, "plannedUse": d.plannedUse,
            "tenureYears": d.tenureYears.map(String.init), "titleStatus": d.titleStatus?.rawValue,
            "plotRatio": number(d.plotRatio), "waterSource": d.waterSource,
            "allowedUses": d.allowedUses?.joined(separator: "，"), "price": number(d.priceAmount),
            "priceUnit": d.priceUnit?.rawValue,
        ]
        return values.compactMapValues { $0 }
    }

    /// A short fingerprint of a listing's saved fields: a save whose version is stale but whose fields are as they
    /// were shown (only photos or the status changed since) is no conflict.
    static func fingerprint(_ texts: [String: String]) -> String {
        let text = texts.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: "\n")
        return SHA256.hash(data: Data(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// A field's label, by its name (the name itself for one the form does not show).
    static func label(of name: String) -> String {
        labels[name] ?? name
    }

    static let labels = Dictionary(
        sections.flatMap(\.fields).map { ($0.name, $0.label) }, uniquingKeysWith: { first, _ in first })

    /// A field's value as shown: a choice's label, or the text.
    static func shown(_ name: String, _ value: String) -> String {
        for field in sections.flatMap(\.fields) where field.name == name {
            if case .select(let options) = field.input, let option = options.first(where: { $0.value == value }) {
                return option.label
            }
        }
        return value
    }

    /// The form field a validation error belongs beside (`priceAmount` is typed as “price”, 亩 as the land area).
    static func shownField(_ errorField: String) -> String {
        switch errorField {
        case "priceAmount": "price"
        case "landAreaMu": "landArea"
        default: errorField.hasPrefix("media") ? "media" : errorField
        }
    }
}
