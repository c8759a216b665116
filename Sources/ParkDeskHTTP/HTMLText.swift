/// Text made safe for HTML here, for the values a page shows by the dozen: the template engine's own escaping
/// went character by character and was a sixth of an inbox page; most text (Chinese, digits) has nothing to
/// escape and is passed on as it is. Templates show such values with `{{{name}}}`, and only such values.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` as entities; the text itself when it has none of them.
    public static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 })
        else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
