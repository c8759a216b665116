import Foundation
import ParkDeskCore
import PostgresNIO

/// The one column list every staff read uses (`staff s`), and its decoding into `StaffMember`.
enum StaffRow {
    static let columns: SQL = """
        s.id, s.login, s.display_name, s.mobile, s.role::text AS role,
        ARRAY(SELECT sp.park_id FROM staff_parks sp WHERE sp.staff_id = s.id ORDER BY sp.park_id) AS parks,
        s.disabled_at, s.password_hash IS NOT NULL AS has_password
        """

    static func decode(_ row: PostgresRow) throws -> StaffMember {
        let r = RowReader(row, table: "staff")
        return StaffMember(
            id: try r.value("id"), login: try r.value("login"), displayName: try r.value("display_name"),
            mobile: try r.value("mobile"), role: try r.required("role", StaffRole.self), parkIDs: try r.value("parks"),
            disabledAt: try r.value("disabled_at"), hasPassword: try r.value("has_password"))
    }

    static func members(_ rows: PostgresRowSequence) async throws -> [StaffMember] {
        var members: [StaffMember] = []
        for try await row in rows { members.append(try decode(row)) }
        return members
    }
}
