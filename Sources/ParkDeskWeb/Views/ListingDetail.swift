import Foundation
import ParkDeskCore

/// Everything the listing page shows, as text: badges, area in ㎡ and 亩, price as listed and normalised,
/// the spec table, features, photos, the place and a map link.
struct ListingDetail: Sendable {
    struct Fact: Sendable {
        let label: String
        let value: String
    }

    struct Photo: Sendable {
        let url: String
        let caption: String
    }

    let ref: String
    let title: String
    let kind: String
    let deal: String
    let status: String
    let pending: Bool
    let area: String
    let price: String
    let comparable: String?
    let facts: [Fact]
    let features: [String]
    let photos: [Photo]
    let documents: [Photo]
    let description: [String]
    let district: String
    let town: String?
    let park: String?
    let parkURL: String?
    let address: String?
    let mapURL: String?
    let availableFrom: String?
    let owner: String?
    let contact: String
    let updated: String

    init(_ listing: Listing) {
        let f = listing.fields
        ref = listing.ref
        title = f.title
        kind = f.kind.label
        deal = f.deal.label
        status = listing.status.label
        pending = listing.status == .pending
        area = ListingCard.area(building: f.spec.building?.area, land: f.spec.land?.area)
        price = f.priceUnit.display(f.priceAmount)
        comparable = ListingCard.comparable(
            monthlyPerM2: listing.priceMonthlyPerM2, totalYuan: listing.priceTotalYuan)
        facts = f.spec.facts.map { Fact(label: $0.label, value: $0.value) }
        features = f.features
        photos = f.media.filter { $0.kind == .photo || $0.kind == .floorPlan }.map {
            Photo(url: $0.url, caption: $0.caption.isEmpty ? f.title : $0.caption)
        }
        documents = f.media.filter { $0.kind != .photo && $0.kind != .floorPlan }.map {
            Photo(url: $0.url, caption: $0.caption.isEmpty ? $0.kind.label : $0.caption)
        }
        description = f.description.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        district = f.district
        town = f.town
        park = f.park
        parkURL = listing.parkID.map { "/parks/\($0)" }
        address = f.address.isEmpty ? nil : f.address
        mapURL = f.latitude.flatMap { latitude in
            f.longitude.map { longitude in
                let name = f.title.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                return "https://uri.amap.com/marker?position=\(longitude),\(latitude)&name=\(name)&coordinate=wgs84"
            }
        }
        availableFrom = f.availableFrom
        owner = f.ownerType?.label
        contact = [f.contactName, f.contactPhone].compactMap { $0 }.joined(separator: " ")
        updated = Self.day(listing.updatedAt)
    }

    /// `2026-11-30` in China's time.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// schema.org data for search engines, safe inside `<script>`: `<` is escaped in the JSON.
    static func jsonLD(_ listing: Listing, url: String, image: String?) -> String {
        let f = listing.fields
        var offer: [String: Any] = ["@type": "Offer", "url": url, "priceCurrency": "CNY"]
        if let amount = listing.priceTotalYuan ?? f.priceAmount { offer["price"] = "\(amount)" }
        var place: [String: Any] = [
            "@type": "Place",
            "address": ["@type": "PostalAddress", "addressRegion": f.district, "streetAddress": f.address],
        ]
        if let latitude = f.latitude, let longitude = f.longitude {
            place["geo"] = ["@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude]
        }
        var object: [String: Any] = [
            "@context": "https://schema.org", "@type": "RealEstateListing", "name": f.title, "url": url,
            "description": f.description.isEmpty ? f.title : f.description, "offers": offer,
            "contentLocation": place, "dateModified": ISO8601DateFormatter().string(from: listing.updatedAt),
        ]
        if let image { object["image"] = image }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
