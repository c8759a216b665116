/// What is offered: buildings (厂房, 仓库, 办公) or land (工业用地 … 农用地).
public enum ListingKind: String, LabeledEnum {
    case factory
    case warehouse
    case office
    case industrialLand = "industrial-land"
    case commercialLand = "commercial-land"
    case collectiveLand = "collective-land"
    case farmland

    public static let typeLabel = "类型 kind"

    public var label: String {
        switch self {
        case .factory: "厂房"
        case .warehouse: "仓库"
        case .office: "办公"
        case .industrialLand: "工业用地"
        case .commercialLand: "商业用地"
        case .collectiveLand: "集体建设用地"
        case .farmland: "农用地"
        }
    }

    /// Buildings carry building fields (area, storeys, crane …); the others carry land fields.
    public var isBuilding: Bool { self == .factory || self == .warehouse || self == .office }
    /// Only factories and warehouses have overhead cranes (行车).
    public var allowsCrane: Bool { self == .factory || self == .warehouse }
}

/// How it is offered.
public enum DealType: String, LabeledEnum {
    case rent, sale, transfer

    public static let typeLabel = "交易方式 deal"

    public var label: String {
        switch self {
        case .rent: "出租"
        case .sale: "出售"
        case .transfer: "转让"
        }
    }
}

/// Who offers it.
public enum OwnerType: String, LabeledEnum {
    case owner, park, agent

    public static let typeLabel = "业主类型 owner type"

    public var label: String {
        switch self {
        case .owner: "业主自建"
        case .park: "园区"
        case .agent: "中介"
        }
    }
}

/// Fire-risk class of a building (GB 50016): 甲 … 戊.
public enum FireRating: String, LabeledEnum {
    case a = "A", b = "B", c = "C", d = "D", e = "E"

    public static let typeLabel = "火灾危险性 fire rating"

    public var label: String {
        switch self {
        case .a: "甲"
        case .b: "乙"
        case .c: "丙"
        case .d: "丁"
        case .e: "戊"
        }
    }

    public static func parse(_ text: String) -> FireRating? {
        let trimmed = text.trimmingWhitespace()
        return allCases.first {
            $0.rawValue == trimmed.uppercased() || $0.label == trimmed || $0.label + "类" == trimmed
        }
    }
}

/// Ownership of land.
public enum LandNature: String, LabeledEnum {
    case state, collective

    public static let typeLabel = "土地性质 land nature"

    public var label: String {
        switch self {
        case .state: "国有"
        case .collective: "集体"
        }
    }
}

/// Where the land title stands.
public enum TitleStatus: String, LabeledEnum {
    case certified
    case publicNotice = "public-notice"
    case inProcess = "in-process"
    case none

    public static let typeLabel = "权属状态 title status"

    public var label: String {
        switch self {
        case .certified: "有产权证"
        case .publicNotice: "权属公示中"
        case .inProcess: "办证中"
        case .none: "无产权证"
        }
    }
}

/// What a photo, plan or document attached to a listing is.
public enum MediaKind: String, LabeledEnum {
    case photo
    case floorPlan = "floor-plan"
    case video
    case certificate

    public static let typeLabel = "媒体类型 media kind"

    public var label: String {
        switch self {
        case .photo: "照片"
        case .floorPlan: "平面图"
        case .video: "视频"
        case .certificate: "证书扫描"
        }
    }
}
