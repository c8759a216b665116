import Foundation

/// RFC 4180 fields for the CSV files people open in Excel and WPS.
public enum CSVText {
    /// One field: quoted when it holds a comma, a quote, CR or LF (inner quotes doubled). With `neutralisingFormulas`
    /// a text starting with = + - @ tab CR or LF (that is not a number) gets a leading ' so that it is never run as
    /// a formula — for files only read; an export meant to be imported again keeps its text as it is.
    public static func field(_ cell: String, neutralisingFormulas: Bool = false) -> String {
        var value = cell
        if neutralisingFormulas, let first = value.unicodeScalars.first, "=+-@\t\r\n".unicodeScalars.contains(first),
            Double(value) == nil
        {
            value = "'" + value
        }
        let needsQuotes = value.utf8.contains {
            $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13
        }
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }
}
