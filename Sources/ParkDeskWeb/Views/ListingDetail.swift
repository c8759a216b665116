import ParkDeskHTTP
import Foundation
import ParkDeskCore

/// Everything the listing page shows, as text: badges, area in ㎡ and 亩, price as listed and normalised,
/// the spec table, features, photos, the place and a map link.
struct ListingDetail: Sendable {
    struct Fact: Sendable {
        let label, value: String
    }

    /// A picture or document: stored pictures with their web sizes (`srcset`) and real pixels.
    struct Photo: Sendable {
        let url, caption: String
        var width = 640, height = 400
        var srcset: String?

        init(url: String, caption: String) {
            (self.url, self.caption) = (url, caption)
        }

        init(_ item: MediaItem, caption: String) {
            self.init(url: item.url, caption: caption)
            if let file = item.file, let stored = item.stored, let shown = stored.sizes.last {
                (width, height) = (shown.width, shown.height)
                srcset = stored.sizes.map { "\(MediaSize.path(sha256: file, name: $0.name)) \($0.width)w" }
                    .joined(separator: ", ")
            }
        }
    }

    let ref, title, kind, deal, status: String
    let pending: Bool
    let area, price: String
    let comparable: String?
    let facts: [Fact]
    let features: [String]
    let photos, documents: [Photo]
    let description: [String]
    let district: String
    let town, park, parkURL, address, mapURL, availableFrom, owner: String?
    let contact, updated: String

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
            Photo($0, caption: $0.caption.isEmpty ? f.title : $0.caption)
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
    static func day(_ date: Date) -> String { date.formatted(chinaDay) }

    static let chinaDay = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "Asia/Shanghai")!).year().month().day()

    /// schema.org data for search engines, safe inside `<script>`: `<` is escaped in the JSON.
    static func jsonLD(_ listing: Listing, url: String, image: String?) -> String {
        let f = listing.fields
        let offer = StructuredData.Offer(url: url, price: (listing.priceTotalYuan ?? f.priceAmount).map { "\($0)" })
        let geo = f.latitude.flatMap { latitude in
            f.longitude.map { StructuredData.Geo(latitude: latitude, longitude: $0) }
        }
        let place = StructuredData.Place(
            address: .init(addressRegion: f.district, streetAddress: f.address), geo: geo)
        let data = StructuredData(
            name: f.title, url: url, description: f.description.isEmpty ? f.title : f.description, image: image,
            offers: offer, contentLocation: place, dateModified: listing.updatedAt.formatted(.iso8601))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(data)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return json.replacingOccurrences(of: "<", with: "\\u003c")
    }
}

/// A listing as schema.org's `RealEstateListing`.
struct StructuredData: Encodable {
    struct Offer: Encodable {
        var type = "Offer"
        let url: String
        var priceCurrency = "CNY"
        let price: String?

        enum CodingKeys: String, CodingKey {
            case type = "@type", url, priceCurrency, price
        }
    }

    struct Address: Encodable {
        var type = "PostalAddress"
        let addressRegion, streetAddress: String

        enum CodingKeys: String, CodingKey {
            case type = "@type", addressRegion, streetAddress
        }
    }

    struct Geo: Encodable {
        var type = "GeoCoordinates"
        let latitude, longitude: Double

        enum CodingKeys: String, CodingKey {
            case type = "@type", latitude, longitude
        }
    }

    struct Place: Encodable {
        var type = "Place"
        let address: Address
        let geo: Geo?

        enum CodingKeys: String, CodingKey {
            case type = "@type", address, geo
        }
    }

    var context = "https://schema.org"
    var type = "RealEstateListing"
    let name, url, description: String
    let image: String?
    let offers: Offer
    let contentLocation: Place
    let dateModified: String

    enum CodingKeys: String, CodingKey {
        case context = "@context", type = "@type", name, url, description, image, offers, contentLocation
        case dateModified
    }
}
