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

    static func field(_ error: FieldError) -> String {
        hints[error.field] ?? "请检查“\(error.field)”"
    }

    /// Field → message, the first error of each field.
    static func byField(_ failure: ValidationFailed) -> [String: String] {
        var messages: [String: String] = [:]
        for error in failure.errors where messages[error.field] == nil { messages[error.field] = field(error) }
        return messages
    }
}
