import Foundation
import ParkDeskCore

/// What the text parser read, shown field by field with the words each came from, then the words it did not
/// understand; and the question before saving.
enum ParsedTextView {
    static func text(_ fields: [ParsedField], _ unparsed: [UnparsedText], flags: [String] = []) -> String {
        var lines = ["从文字读出 read from the text:"]
        if fields.isEmpty { lines.append("  （没有 nothing）") }
        for field in fields {
            let overridden = flags.contains(field.name) ? "  （以参数为准 the flag wins）" : ""
            lines.append("  \(field.label) \(field.name): \(field.value)  ← “\(field.words)”\(overridden)")
        }
        if !unparsed.isEmpty {
            lines.append("没读懂 not understood:")
            for item in unparsed {
                lines.append("  “\(item.span.text)”" + (item.reason.map { "  \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Goes on when `yes` is given or the person answers yes; otherwise stops with nothing saved.
    static func confirm(_ question: String, yes: Bool) throws {
        if yes { return }
        let answer = CLIContext.ask("\(question) [y/N] ")?.trimmingCharacters(in: .whitespaces).lowercased()
        guard let answer, ["y", "yes", "是", "好", "确定"].contains(answer) else {
            throw CLIError("not saved (answer y to save, or give --yes)")
        }
    }
}
