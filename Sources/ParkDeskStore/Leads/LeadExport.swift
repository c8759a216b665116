import Logging
public import NIOCore
public import ParkDeskCore
import PostgresNIO

/// Leads as CSV for Excel and WPS, streamed: PostgreSQL formats each line (RFC 4180 quoting, formula
/// neutralising in `csv_field`), this code passes the bytes on in chunks, so memory stays flat however
/// many rows there are.
public struct LeadExport: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// How the file is written.
    public struct Options: Sendable, Equatable {
        /// Chinese column names and labels (for people) or English keys (for programs).
        public var chineseHeader: Bool
        /// A UTF-8 byte order mark, so that Excel and WPS read the file as UTF-8.
        public var byteOrderMark: Bool
        /// Times as `2026-12-01 01:27:15` (which Excel and WPS read as a date and time) instead of ISO 8601 with
        /// the zone (`2026-12-01T01:27:15+08:00`); both are Asia/Shanghai.
        public var localTimes: Bool

        public init(chineseHeader: Bool = true, byteOrderMark: Bool = true, localTimes: Bool = false) {
            (self.chineseHeader, self.byteOrderMark, self.localTimes) = (chineseHeader, byteOrderMark, localTimes)
        }
    }

    /// Bytes handed on at a time.
    static let chunkSize = 64 * 1024

    /// Writes the header and every lead of `filter` (oldest first) to `sink` in chunks; returns the row count.
    /// The filter's `limit` does not apply: an export is complete. Who exported how many leads goes to the audit
    /// log in the export's transaction (personal data left the system).
    @discardableResult
    public func write(
        _ filter: LeadFilter, options: Options = .init(), actor: String,
        to sink: (ByteBuffer) async throws -> Void
    ) async throws -> Int {
        let filter = try filter.validated()
        let context = LeadCSVColumns.Context(
            chinese: options.chineseHeader, localTimes: options.localTimes,
            districts: try await Database(client: client, logger: logger).places.districts())
        let cells = SQL.join(LeadCSVColumns.all.map { $0.expression(context) }, separator: ", ")
        let query: SQL = """
            SELECT concat_ws(',', \(cells)) || E'\\r\\n'
            FROM leads l LEFT JOIN listings li ON li.id = l.listing_id LEFT JOIN staff t ON t.id = l.assignee_id
            WHERE \(LeadFilterSQL.condition(filter))
            ORDER BY l.id
            """
        return try await client.longTransaction(logger: logger) { tx in
            // An export of a million rows runs longer than the per-statement limit meant for requests; times are
            // written in the office's zone (formatting them there is cheaper than converting each value).
            try await tx.run("SET LOCAL statement_timeout = 0", logger: logger)
            try await tx.run("SET LOCAL TimeZone = 'Asia/Shanghai'", logger: logger)
            try await tx.run("SET LOCAL DateStyle = 'ISO, YMD'", logger: logger)
            var chunk = ByteBuffer()
            chunk.reserveCapacity(Self.chunkSize + 4096)
            if options.byteOrderMark { chunk.writeBytes([0xEF, 0xBB, 0xBF]) }
            chunk.writeString(LeadCSVColumns.headerLine(chinese: options.chineseHeader))
            var count = 0
            let rows = try await tx.run(query, logger: logger)
            for try await row in rows {
                if var bytes = row.first?.bytes { chunk.writeBuffer(&bytes) }
                count += 1
                if chunk.readableBytes >= Self.chunkSize {
                    try await sink(chunk)
                    chunk.clear()
                }
            }
            try await sink(chunk)
            try await AuditLog.record(
                "lead.export", target: "leads", actor: actor, detail: ["rows": String(count)], on: tx, logger: logger)
            return count
        }
    }
}

/// The columns of the lead CSV: Chinese and English names and the SQL that formats each cell.
struct LeadCSVColumns: Sendable {
    let chinese: String
    let english: String
    /// The cell's SQL for a file of this kind.
    let expression: @Sendable (Context) -> SQL

    /// What the cells depend on: labels or keys, and the district names.
    struct Context {
        /// Chinese labels (for people) or English keys (for programs).
        var chinese: Bool
        var localTimes: Bool
        var districts: [District]

        /// Names (or keys) at the position of their id, for `names[id]` in SQL.
        var districtNamesByID: [String] {
            var byID = [String](repeating: "", count: districts.map(\.id).max() ?? 0)
            for district in districts { byID[district.id - 1] = chinese ? district.name : district.key }
            return byID
        }

        /// Between the entries of a list cell.
        var separator: String { chinese ? "、" : ";" }
    }

    static func text(_ chinese: String, _ english: String, _ column: StaticString) -> LeadCSVColumns {
        LeadCSVColumns(chinese: chinese, english: english) { _ in "csv_field(\(raw: column))" }
    }

    static func number(_ chinese: String, _ english: String, _ column: StaticString) -> LeadCSVColumns {
        LeadCSVColumns(chinese: chinese, english: english) { _ in "coalesce(\(raw: column)::text, '')" }
    }

    /// Local time in Asia/Shanghai (the session's zone during an export), ISO 8601 (`2026-11-29T19:24:08+08:00`)
    /// or, with `localTimes`, as spreadsheets read a date and time (`2026-11-29 19:24:08`).
    static func time(_ chinese: String, _ english: String, _ column: StaticString) -> LeadCSVColumns {
        LeadCSVColumns(chinese: chinese, english: english) { context in
            context.localTimes
                ? "coalesce(to_char(\(raw: column), 'YYYY-MM-DD HH24:MI:SS'), '')"
                : "coalesce(replace(date_trunc('second', \(raw: column))::text, ' ', 'T') || ':00', '')"
        }
    }

    /// The entries of an array column as names joined by `separator`: the usual one to three entries by direct
    /// subscripts (a subquery per row costs more than the rest of the row), longer arrays through `fallback`.
    static func names(_ array: SQL, name: (SQL) -> SQL, separator: String, fallback: SQL) -> SQL {
        let cases = (1...3).map { count -> SQL in
            let entries = (1...count).map { name("\(array)[\($0)]") }
            return "WHEN \(count) THEN \(SQL.join(entries, separator: " || \(separator) || "))"
        }
        return "CASE cardinality(\(array)) WHEN 0 THEN '' \(SQL.join(cases, separator: " ")) ELSE \(fallback) END"
    }

    /// An enum: its Chinese label in a Chinese file, its key otherwise.
    static func labeled<E: LabeledEnum>(
        _ chinese: String, _ english: String, _ column: StaticString,
        _ type: E.Type
    ) -> LeadCSVColumns {
        LeadCSVColumns(chinese: chinese, english: english) { context in
            guard context.chinese else { return "coalesce(\(raw: column)::text, '')" }
            return """
                coalesce((\(E.allCases.map(\.label))::text[])[array_position(\(E.allCases.map(\.rawValue))::text[],
                                                                             \(raw: column)::text)], '')
                """
        }
    }

    static let all: [LeadCSVColumns] = [
        text("线索编号", "ref", "l.ref"),
        time("创建时间", "created_at", "l.created_at"),
        labeled("状态", "status", "l.status", LeadStatus.self),
        text("状态原因", "status_reason", "l.status_reason"),
        labeled("来源", "source", "l.source", LeadSource.self),
        text("推广活动", "campaign", "l.campaign"),
        text("联系人", "contact_name", "l.contact_name"),
        // 138 1234 5678: grouped, so Excel and WPS keep it as text instead of a number
        LeadCSVColumns(chinese: "手机号", english: "mobile") { _ in
            "coalesce(substr(l.mobile, 1, 3) || ' ' || substr(l.mobile, 4, 4) || ' ' || substr(l.mobile, 8, 4), '')"
        },
        text("座机", "landline", "l.landline"),
        text("微信", "wechat", "l.wechat"),
        text("邮箱", "email", "l.email"),
        // everyone else who asked about this lead (another person of the same company): name and mobile
        LeadCSVColumns(chinese: "其他联系人", english: "other_contacts") { context in
            """
            CASE WHEN l.inquiry_count > 1 THEN csv_field((
                SELECT string_agg(DISTINCT concat_ws(' ', i.contact_name, substr(i.mobile, 1, 3) || ' '
                       || substr(i.mobile, 4, 4) || ' ' || substr(i.mobile, 8, 4)), \(context.chinese ? "；" : ";"))
                FROM lead_inquiries i
                WHERE i.lead_id = l.id AND num_nonnulls(i.contact_name, i.mobile) > 0
                  AND (i.mobile IS DISTINCT FROM l.mobile OR i.contact_name IS DISTINCT FROM l.contact_name))) ELSE
                      '' END
            """
        },
        text("公司", "company", "l.company"),
        text("统一社会信用代码", "credit_code", "l.credit_code"),
        text("用途", "intended_use", "l.intended_use"),
        LeadCSVColumns(chinese: "需求类型", english: "wanted_kinds") { context in
            guard context.chinese else { return "array_to_string(l.wanted_kinds::text[], ';')" }
            let keys = ListingKind.allCases.map(\.rawValue)
            let labels = ListingKind.allCases.map(\.label)
            let label = { (kind: SQL) -> SQL in "(\(labels)::text[])[array_position(\(keys)::text[], \(kind)::text)]" }
            return names(
                "l.wanted_kinds", name: label, separator: context.separator,
                fallback: """
                    array_to_string(ARRAY(SELECT \(label("k")) FROM unnest(l.wanted_kinds) k), \(context.separator))
                    """)
        },
        labeled("交易方式", "deal", "l.deal", DealType.self),
        number("最小面积(㎡)", "min_area_m2", "l.min_area_m2"),
        number("最大面积(㎡)", "max_area_m2", "l.max_area_m2"),
        number("预算", "budget", "l.budget_amount"),
        labeled("预算单位", "budget_unit", "l.budget_unit", PriceUnit.self),
        LeadCSVColumns(chinese: "意向区域", english: "districts") { context in
            let byID = context.districtNamesByID
            return "csv_field("
                + names(
                    "l.district_ids", name: { "(\(byID)::text[])[\($0)]" },
                    separator: context.separator,
                    fallback: """
                        array_to_string(ARRAY(SELECT (\(byID)::text[])[i] FROM unnest(l.district_ids) i),
                            \(context.separator))
                        """) + ")"
        },
        LeadCSVColumns(chinese: "意向园区", english: "parks") { context in
            """
            CASE WHEN cardinality(l.park_ids) = 0 THEN '' ELSE csv_field(array_to_string(ARRAY(
                SELECT p.name FROM parks p WHERE p.id = ANY(l.park_ids) ORDER BY array_position(l.park_ids, p.id)),
                \(context.separator))) END
            """
        },
        number("行车(吨)", "min_crane_tons", "l.min_crane_tons"),
        number("入驻时间", "move_in", "l.move_in"),
        text("需求说明", "need_text", "l.need_text"),
        number("预计税收(万元/年)", "expected_tax_wan", "l.expected_tax_wan"),
        number("计划投资(万元)", "investment_wan", "l.investment_wan"),
        text("来源房源", "listing_ref", "li.ref"),
        text("留言", "message", "l.message"),
        number("咨询次数", "inquiry_count", "l.inquiry_count"),
        time("最近咨询", "last_inquiry_at", "l.last_inquiry_at"),
        text("负责人", "assignee", "t.login"),
        text("隐私声明版本", "consent_version", "l.consent_version"),
        time("同意时间", "consent_at", "l.consent_at"),
        time("更新时间", "updated_at", "l.updated_at"),
    ]

    static func headerLine(chinese: Bool) -> String {
        all.map { chinese ? $0.chinese : $0.english }.joined(separator: ",") + "\r\n"
    }
}
