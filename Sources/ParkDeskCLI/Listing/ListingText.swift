import Foundation
import ParkDeskCore
import ParkDeskStore

/// Listings as people read them in a terminal: Chinese labels, units, one field per line.
enum ListingText {
    static func detail(_ listing: Listing) -> String {
        let f = listing.fields
        var lines: [(String, String?)] = [
            ("编号 ref", listing.ref),
            ("标题 title", f.title),
            ("状态 status", "\(listing.status.label) (\(listing.status.rawValue)), 版本 version \(listing.version)"),
            ("类型 kind", "\(f.kind.label) (\(f.kind.rawValue))"),
            ("交易 deal", "\(f.deal.label) (\(f.deal.rawValue))"),
            ("区县 district", f.district + (f.town.map { " · \($0)" } ?? "")),
            ("园区 park", f.park),
            ("地址 address", f.address.isEmpty ? nil : f.address),
            ("坐标 location", f.latitude.map { "\($0), \(f.longitude ?? 0)" }),
        ]
        lines += f.spec.facts.map { ("\($0.label) \($0.name)", $0.value) }
        lines += [
            ("价格 price", f.priceUnit.display(f.priceAmount)),
            (
                "折合 comparable",
                listing.priceMonthlyPerM2.map { "\(DecimalText.rounded($0, scale: 2)) 元/㎡/月" }
                    ?? listing.priceTotalYuan.map { "\($0) 元" }
            ),
            ("特色 features", f.features.isEmpty ? nil : f.features.joined(separator: "、")),
            ("业主类型 owner", f.ownerType?.label),
            ("可入驻 available", f.availableFrom),
            ("联系人 contact", [f.contactName, f.contactPhone].compactMap { $0 }.joined(separator: " ")),
            ("描述 description", f.description.isEmpty ? nil : f.description),
        ]
        for (index, item) in f.media.enumerated() {
            lines.append(
                ("\(item.kind.label) \(index + 1)", item.url + (item.caption.isEmpty ? "" : " — \(item.caption)")))
        }
        return lines.compactMap { label, value in value.map { "\(label): \($0)" } }.joined(separator: "\n")
    }

    /// "状态记录 history:" then one line per change: when, from → to, who, note.
    static func history(_ changes: [StatusChange]) -> String {
        let lines = changes.map { change in
            let from = change.from.map { "\($0.label) → " } ?? ""
            let note = change.note.isEmpty ? "" : " (\(change.note))"
            return "  \(LocalTime.minutes(change.at)) \(from)\(change.to.label) · \(change.by)\(note)"
        }
        return (["状态记录 history:"] + lines).joined(separator: "\n")
    }

    static func table(_ listings: [Listing]) -> String {
        var rows = ["编号\t状态\t类型\t交易\t区县\t面积㎡\t价格\t标题"]
        for l in listings {
            rows.append(
                [
                    l.ref, l.status.label, l.fields.kind.label, l.fields.deal.label, l.fields.district,
                    "\(l.fields.area)", l.fields.priceUnit.display(l.fields.priceAmount), l.fields.title,
                ]
                .joined(separator: "\t"))
        }
        rows.append("共 \(listings.count) 条 listing(s)")
        return rows.joined(separator: "\n")
    }
}
