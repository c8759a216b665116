import ParkDeskCore

/// Core's field errors in Chinese, beside the console's fields.
enum ConsoleMessages {
    static let hints: [String: String] = [
        "status": "这个状态变更不允许", "reason": "流失或无效需要填写原因（最多 500 字）", "note": "跟进记录需 1–2000 字",
        "assignee": "请选择一位在职的招商专员", "other": "请输入另一条线索的编号，如 LD-2026-000123",
        "contactName": "联系人最多 60 字", "mobile": "请输入 11 位手机号", "company": "公司名称最多 200 字",
        "wechat": "微信号最多 60 字", "needText": "来电记录最多 2000 字", "intendedUse": "用途最多 200 字",
        "expectedTax": "税收请填写数字（万元/年）", "minArea": "面积请填写正数（㎡，可写“亩”）", "maxArea": "面积上限不能小于下限",
        "budget": "预算请填写正数", "budgetUnit": "请选择预算单位", "districts": "请选择已有的区县",
        "minCraneTons": "行车吨位请填写正数", "login": "登录名为 1–60 个字母、数字或 . _ @ -，且以字母或数字开头",
        "displayName": "请填写姓名（最多 60 字）", "parks": "园区人员需至少选择一个园区；其他角色不选园区",
        "since": "日期格式为 YYYY-MM-DD", "until": "结束日期不能早于开始日期", "listing": "房源编号形如 XT-2026-000123",
        "q": "搜索词最多 60 字", "untouched": "天数为 1–3650", "contact": "请至少留下手机号",
    ]

    /// A listing's fields (`ListingDraft`'s rules), and the photos and parks of the listing pages.
    static let listingHints: [String: String] = [
        "kind": "请选择类型", "deal": "请选择交易方式（出租、出售或转让）", "title": "标题需 2–120 字",
        "description": "描述最多 5000 字", "district": "请选择区县", "town": "乡镇/街道最多 40 字",
        "park": "请选择园区（园区人员只能选择本园区）", "address": "地址最多 200 字",
        "latitude": "纬度为 −90 到 90，且与经度同时填写", "longitude": "经度为 −180 到 180，且与纬度同时填写",
        "features": "特色最多 30 项，用逗号分隔", "contactName": "联系人最多 40 字",
        "contactPhone": "请填写手机号、座机或 400 电话", "ownerType": "请选择业主类型", "availableFrom": "日期格式为 YYYY-MM-DD",
        "buildingArea": "请填写建筑面积（正数，单位㎡）", "storeys": "总层数为 1–200 的整数",
        "floor": "所在楼层为整数，且不高于总层数", "standalone": "请选择是或否", "singleStorey": "请选择是或否",
        "clearHeight": "净高为正数（米，不超过 100）", "floorLoad": "承重为正数（吨/㎡，不超过 100）",
        "craneCount": "行车台数为 1–50", "craneTons": "行车吨位为正数（最多一位小数）", "powerKva": "用电容量为正整数（kVA）",
        "fireRating": "请选择火灾危险性类别", "divisibleMin": "最小可分割面积为正数，且不大于建筑面积",
        "landArea": "请填写土地面积（正数，㎡ 或 亩）", "landNature": "请选择土地性质", "plannedUse": "规划用途最多 100 字",
        "tenureYears": "年限为 1–99 年", "titleStatus": "请选择权属状态", "plotRatio": "容积率为 0–20 的正数",
        "waterSource": "水源最多 100 字", "allowedUses": "可用于最多 10 项", "price": "价格为正数；面议时不填价格",
        "priceUnit": "出售、转让按总价（万元）或面议；出租按期计价；元/亩/年只用于土地", "media": "照片与文件最多 30 个",
        "file": "请选择照片（JPEG、PNG、WebP、HEIC）或 PDF 证书，每个不超过 20 MB",
        "caption": "说明最多 200 字", "position": "该照片已不存在，请刷新页面", "status": "这个状态变更不允许",
        "note": "备注最多 1000 字", "name": "园区名称为 2–60 字，且不能与已有园区重名",
        "aliases": "别名最多 20 个，每个 2–60 字，用逗号分隔",
    ]

    static func field(_ error: FieldError, hints: [String: String] = hints) -> String {
        hints[error.field] ?? "请检查“\(error.field)”"
    }

    /// Field → message, the first error of each field.
    static func byField(_ failure: ValidationFailed, hints: [String: String] = hints) -> [String: String] {
        var messages: [String: String] = [:]
        for error in failure.errors where messages[error.field] == nil {
            messages[error.field] = field(error, hints: hints)
        }
        return messages
    }

    /// A listing's field errors in one line (an action without a form field of its own: a status move, a photo).
    static func listingLine(_ failure: ValidationFailed) -> String {
        listing(failure).values.sorted().joined(separator: "；")
    }

    /// A listing form's messages by the form field they belong beside.
    static func listing(_ failure: ValidationFailed) -> [String: String] {
        var messages: [String: String] = [:]
        for error in failure.errors {
            let shown = ListingForm.shownField(error.field)
            if messages[shown] == nil { messages[shown] = listingHints[shown] ?? "请检查“\(error.field)”" }
        }
        return messages
    }
}
