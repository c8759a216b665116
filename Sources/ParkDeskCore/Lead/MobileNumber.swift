import Foundation

/// Mainland China mobile numbers (手机号): accepted as people write them, stored as the 11 digits.
public enum MobileNumber {
    /// `13812345678`, `138 1234 5678`, `138-1234-5678`, `+86 138 1234 5678`, `0086…`, full-width digits → the
    /// 11 digits; anything else → `nil`.
    public static func normalise(_ text: String) -> String? {
        var rest = Substring(text.precomposedStringWithCompatibilityMapping.trimmingWhitespace())
        var hadCountryCode = false
        for prefix in ["+86", "0086"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            hadCountryCode = true
        }
        guard rest.allSatisfy({ $0.isASCIIDigit || $0 == " " || $0 == "-" }) else { return nil }
        var digits = rest.filter(\.isASCIIDigit)
        if !hadCountryCode && digits.count == 13 && digits.hasPrefix("86") { digits = String(digits.dropFirst(2)) }
        guard digits.count == 11, digits.first == "1", let second = digits.dropFirst().first, "3456789".contains(second)
        else {
            return nil
        }
        return digits
    }

    /// `138****5678`: what list views and agents not assigned to the lead see.
    public static func masked(_ digits: String) -> String {
        guard digits.count == 11 else { return String(repeating: "*", count: digits.count) }
        return digits.prefix(3) + "****" + digits.suffix(4)
    }

    /// `138 1234 5678`: grouped the way people read numbers aloud; Excel and WPS keep it as text.
    public static func grouped(_ digits: String) -> String {
        guard digits.count == 11 else { return digits }
        let characters = Array(digits)
        return String(characters[0..<3]) + " " + String(characters[3..<7]) + " " + String(characters[7..<11])
    }

    static let rule = "must be an 11-digit mainland mobile number such as 13812345678 (spaces, hyphens and +86 allowed)"
}

/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a checksum.
public enum CreditCode {
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// The 18-character code whose first 17 characters are `prefix` (for generated test data).
    public static func completing(_ prefix: String) -> String? {
        let characters = Array(prefix)
        guard characters.count == 17 else { return nil }
        var sum = 0
        for (index, character) in characters.enumerated() {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            sum += value * weights[index]
        }
        return prefix + String(alphabet[(31 - sum % 31) % 31])
    }

    /// The code in capitals if it is well formed and its check character is right; otherwise why not.
    public static func validate(_ text: String) -> Result<String, FieldError> {
        let code = text.precomposedStringWithCompatibilityMapping.trimmingWhitespace().uppercased()
        let characters = Array(code)
        guard characters.count == 18 else {
            return .failure(FieldError("creditCode", "must be 18 characters (统一社会信用代码); got \(characters.count)"))
        }
        if let wrong = characters.first(where: { !alphabet.contains($0) }) {
            return .failure(
                FieldError(
                    "creditCode", "'\(wrong)' cannot appear in a credit code (digits and capitals except I, O, S, V, Z)"
                ))
        }
        guard characters[2..<8].allSatisfy(\.isASCIIDigit) else {
            return .failure(FieldError("creditCode", "characters 3–8 must be digits (the region code)"))
        }
        let check = completing(String(characters.prefix(17)))?.last
        guard characters[17] == check else {
            return .failure(
                FieldError(
                    "creditCode",
                    "check character is wrong: a code starting \(code.prefix(17)) ends in "
                        + "\(check.map(String.init) ?? "?"); please check for a typing error"
                ))
        }
        return .success(code)
    }
}
