/// The orders a listing search can return results in.
public enum ListingSort: String, LabeledEnum {
    case newest
    case priceAsc = "price-asc"
    case priceDesc = "price-desc"
    case areaAsc = "area-asc"
    case areaDesc = "area-desc"
    case distance

    public static let typeLabel = "排序 sort"

    public var label: String {
        switch self {
        case .newest: "最新发布"
        case .priceAsc: "价格从低到高"
        case .priceDesc: "价格从高到低"
        case .areaAsc: "面积从小到大"
        case .areaDesc: "面积从大到小"
        case .distance: "距离最近"
        }
    }
}
