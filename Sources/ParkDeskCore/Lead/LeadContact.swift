/// A person's ways of being reached, as one inquiry brought them (a lead can hear from several people of one
/// company: each inquiry keeps its own).
public struct LeadContact: Sendable, Equatable {
    public var name: String?
    public var mobile: String?
    public var landline: String?
    public var wechat: String?
    public var email: String?
    public var company: String?

    public init(
        name: String? = nil, mobile: String? = nil, landline: String? = nil, wechat: String? = nil,
        email: String? = nil, company: String? = nil
    ) {
        self.name = name
        self.mobile = mobile
        self.landline = landline
        self.wechat = wechat
        self.email = email
        self.company = company
    }

    /// The same contact with its numbers and accounts hidden (`138****5678`), as `Lead.maskingContact()` does.
    public func masked() -> LeadContact {
        var copy = self
        copy.mobile = mobile.map(MobileNumber.masked)
        copy.landline = landline.map(Self.maskedLandline)
        copy.wechat = wechat.map(Self.maskedWeChat)
        copy.email = email.map(Self.maskedEmail)
        return copy
    }

    static func maskedLandline(_ landline: String) -> String { "****" + landline.filter(\.isASCIIDigit).suffix(4) }

    static func maskedWeChat(_ wechat: String) -> String { wechat.prefix(1) + "***" }

    static func maskedEmail(_ email: String) -> String {
        let parts = email.split(separator: "@", maxSplits: 1)
        return (parts.first?.prefix(1) ?? "") + "***@" + (parts.count == 2 ? parts[1] : "")
    }
}
