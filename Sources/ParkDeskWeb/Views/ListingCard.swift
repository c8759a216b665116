import ParkDeskHTTP
import Foundation
import ParkDeskCore

/// A listing in a list of results, as the templates show it: every value already text in Chinese.
struct ListingCard: Sendable {
    let ref, url, title, kind, deal: String
    let pending: Bool
    let place, area, price: String
    let comparable, crane: String?
    let features: [String]
    let photo: String?

    init(_ s: ListingSummary) {
        ref = s.ref
        url = "/listings/" + s.ref
        title = s.title
        kind = s.kind.label
        deal = s.deal.label
        pending = s.status == .pending
        place = [s.districtName, s.town, s.parkName].compactMap { $0 }.joined(separator: " · ")
        area = Self.area(building: s.buildingArea, land: s.landArea)
        price = s.priceUnit.display(s.priceAmount)
        comparable = Self.comparable(monthlyPerM2: s.priceMonthlyPerM2, totalYuan: s.priceTotalYuan)
        crane = s.craneTons.map { "行车 \($0) 吨" } ?? s.craneCount.map { "行车 \($0) 台" }
        features = Array(s.features.prefix(4))
        photo = s.coverPhotoURL
    }

    /// `4000 ㎡` for buildings, `20000 ㎡（30 亩）` for land.
    static func area(building: Decimal?, land: Decimal?) -> String {
        if let building { return "\(building) ㎡" }
        guard let land else { return "" }
        return "\(land) ㎡（\(Area.mu(fromSquareMetres: land)) 亩）"
    }

    /// The normalised price: rent per ㎡ per month, or the total in 万元.
    static func comparable(monthlyPerM2: Decimal?, totalYuan: Decimal?) -> String? {
        if let monthlyPerM2 { return "折合 \(DecimalText.rounded(monthlyPerM2, scale: 2)) 元/㎡/月" }
        return totalYuan.map { "折合 \(DecimalText.rounded($0 / 10_000, scale: 2)) 万元" }
    }
}

extension ListingCard: TemplateFields {
    var templateFields: [String: Any] {
        [
            "ref": ref, "url": url, "title": title, "kind": kind, "deal": deal, "pending": pending, "place": place,
            "area": area, "price": price, "comparable": comparable.templateValue, "crane": crane.templateValue,
            "features": features, "photo": photo.templateValue,
        ]
    }
}
