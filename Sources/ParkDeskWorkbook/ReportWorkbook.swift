import CXlsxWriter
public import Foundation
public import ParkDeskCore

/// The report as an Excel workbook, written by libxlsxwriter: one sheet per table of `Report.tables`, Chinese
/// headers in a frozen first row with a filter, column widths, numbers as numbers with their unit's format (万元,
/// %, 小时, 天, ㎡), dates as dates. Text is always written as text, never as a formula, whatever it starts with.
public enum ReportWorkbook {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// The media type of an `.xlsx` file.
    public static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The workbook's bytes (libxlsxwriter writes a file; it is written in the temporary folder and removed).
    public static func data(_ report: Report) throws -> Data {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("parkdesk-report-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let workbook = workbook_new(path) else { throw Failed(description: "the workbook could not be created") }
        let formats = Formats(workbook)
        let title = "招商报告 " + report.period.label
        title.withCString { title in
            "ParkDesk".withCString { author in
                var properties = lxw_doc_properties()
                properties.title = UnsafeMutablePointer(mutating: title)
                properties.author = UnsafeMutablePointer(mutating: author)
                _ = workbook_set_properties(workbook, &properties)
            }
        }
        for table in report.tables {
            write(table, to: workbook_add_worksheet(workbook, table.title), formats)
        }
        let closed = workbook_close(workbook)
        guard closed == LXW_NO_ERROR else {
            throw Failed(description: "the workbook could not be written: " + String(cString: lxw_strerror(closed)))
        }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// The number formats of the cells' kinds, and the header's look.
    struct Formats {
        let header, count, wan, area, share, hours, days, number, date: UnsafeMutablePointer<lxw_format>

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>) {
            func format(_ numberFormat: String?) -> UnsafeMutablePointer<lxw_format> {
                let format = workbook_add_format(workbook)!
                if let numberFormat { format_set_num_format(format, numberFormat) }
                return format
            }
            header = format(nil)
            format_set_bold(header)
            format_set_bg_color(header, 0xDCE6F1)
            format_set_bottom(header, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_text_wrap(header)
            format_set_align(header, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
            count = format("#,##0")
            wan = format("#,##0.00\"万元\"")
            area = format("#,##0.00")
            share = format("0.0%")
            hours = format("0.0\"小时\"")
            days = format("0.0\"天\"")
            number = format("0.00")
            date = format("yyyy-mm-dd")
        }
    }

    static func write(_ table: ReportTable, to sheet: UnsafeMutablePointer<lxw_worksheet>?, _ formats: Formats) {
        guard let sheet else { return }
        for (index, column) in table.columns.enumerated() {
            let col = lxw_col_t(index)
            worksheet_set_column(sheet, col, col, Double(column.width), nil)
            worksheet_write_string(sheet, 0, col, column.name, formats.header)
        }
        worksheet_set_row(sheet, 0, 30, nil)
        worksheet_freeze_panes(sheet, 1, 0)
        for (rowIndex, cells) in table.rows.enumerated() {
            let row = lxw_row_t(rowIndex + 1)
            for (index, cell) in cells.enumerated() {
                write(cell, sheet, row, lxw_col_t(index), formats)
            }
        }
        if !table.columns.isEmpty {
            worksheet_autofilter(sheet, 0, 0, lxw_row_t(table.rows.count), lxw_col_t(table.columns.count - 1))
        }
    }

    static func write(
        _ cell: ReportTable.Cell, _ sheet: UnsafeMutablePointer<lxw_worksheet>, _ row: lxw_row_t, _ col: lxw_col_t,
        _ formats: Formats
    ) {
        func number(_ value: Double, _ format: UnsafeMutablePointer<lxw_format>) {
            worksheet_write_number(sheet, row, col, value, format)
        }
        switch cell {
        case .text(let text): worksheet_write_string(sheet, row, col, text, nil)
        case .count(let value): number(Double(value), formats.count)
        case .wan(let value): number(NSDecimalNumber(decimal: value).doubleValue, formats.wan)
        case .area(let value): number(NSDecimalNumber(decimal: value).doubleValue, formats.area)
        case .share(let value): number(value, formats.share)
        case .hours(let value): number(value, formats.hours)
        case .days(let value): number(value, formats.days)
        case .number(let value): number(value, formats.number)
        case .date(let day):
            let (year, month, dayOfMonth) = CivilDate.of(day: day)
            var date = lxw_datetime(
                year: Int32(year), month: Int32(month), day: Int32(dayOfMonth), hour: 0, min: 0, sec: 0)
            worksheet_write_datetime(sheet, row, col, &date, formats.date)
        case .empty: break
        }
    }
}
