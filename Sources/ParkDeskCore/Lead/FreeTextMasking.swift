import Foundation

/// Hides the ways of reaching a person that people write into free text (a need, a message, a company field):
/// mobiles in any grouping (`138 1234 5678`, `+86-138-1234-5678`, full-width digits), landlines, e-mail addresses,
/// WeChat ids after 微信, and unified social credit codes — each masked as the contact line masks it. Used where
/// text leaves ParkDesk for people who may not see the contact (group chats without `--full-mobile`).
public enum FreeTextMasking {
    /// Each pattern with its mask; a pattern that did not compile is nil, and then `masked` hides the whole text
    /// (closed, not open: the literals are tested, so this never happens in practice).
    private static let patterns: [(NSRegularExpression?, @Sendable (String) -> String)] = [
        // e-mail first: its digits are no phone number
        (#"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"#, LeadContact.maskedEmail),
        (#"(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])"#, maskedCode),
        (#"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])"#, maskedMobile),
        (#"(?<![0-9])0[0-9]{2,3}[ -]?[0-9]{3,4}[ -]?[0-9]{4}(?![0-9])"#, LeadContact.maskedLandline),
        (#"(?<=微信[号:： ]{0,3})[A-Za-z][A-Za-z0-9_-]{5,19}"#, LeadContact.maskedWeChat),
    ].map { (try? NSRegularExpression(pattern: $0.0), $0.1) }

    /// The text with every number and address of a person masked.
    public static func masked(_ text: String) -> String {
        // full-width digits read as digits (`１３８…`)
        var result = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { scalar in
                    (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar : scalar
                }))
        for (pattern, mask) in patterns {
            guard let pattern else { return String(repeating: "*", count: result.count) }
            let whole = NSRange(result.startIndex..., in: result)
            for match in pattern.matches(in: result, range: whole).reversed() {
                guard let range = Range(match.range, in: result) else { continue }
                result.replaceSubrange(range, with: mask(String(result[range])))
            }
        }
        return result
    }

    static func maskedMobile(_ written: String) -> String {
        MobileNumber.masked(String(written.filter(\.isASCIIDigit).suffix(11)))
    }

    static func maskedCode(_ code: String) -> String {
        code.prefix(2) + String(repeating: "*", count: 12) + code.suffix(4)
    }
}
