import Foundation
import Logging
public import ParkDeskCore
import PostgresNIO
package import NIOCore

/// A row of an import file that cannot be loaded, with its line number and every reason.
public struct ImportRowError: Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let errors: [FieldError]

    public init(line: Int, errors: [FieldError]) {
        (self.line, self.errors) = (line, errors)
    }

    public var description: String { "line \(line): " + errors.map(\.description).joined(separator: "; ") }
}

/// Some rows are bad and the import was all-or-nothing: nothing was written.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    public let rows: [ImportRowError]

    public var description: String {
        "\(rows.count) bad row(s), nothing imported:\n" + rows.map(\.description).joined(separator: "\n")
    }
}

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    public var imported: Int
    public var skipped: [ImportRowError]
}

extension ListingStore {
    /// Loads many listings in one transaction with COPY. Every row is validated first; with bad rows and
    /// `skipInvalid == false` nothing is written and every bad row is reported.
    public func importListings(
        _ rows: [ImportRow],
        status: ListingStatus = .active,
        skipInvalid: Bool,
        actor: String,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> ImportReport {
        let districts = try await places.districts()
        let parks = try await places.parks()
        var good: [(ValidListing, References)] = []
        var bad: [ImportRowError] = []
        for row in rows {
            let line = row.line
            do {
                let listing = try row.draft.get().validated()
                var errors: [FieldError] = []
                if !listing.media.isEmpty {
                    errors.append(FieldError("media", "is not imported; add media with `parkdesk listing edit`"))
                }
                let district = districts.first { $0.matches(listing.district) }
                if district == nil { errors.append(FieldError("district", "unknown district '\(listing.district)'")) }
                let park = listing.park.flatMap { name in parks.first { $0.name == name || String($0.id) == name } }
                if listing.park != nil && park == nil {
                    errors.append(FieldError("park", "unknown park '\(listing.park ?? "")'"))
                }
                if let district, errors.isEmpty {
                    good.append((listing, References(districtID: district.id, parkID: park?.id)))
                } else {
                    bad.append(ImportRowError(line: line, errors: errors))
                }
            } catch {
                bad.append(ImportRowError(line: line, errors: error.errors))
            }
        }
        if !bad.isEmpty && !skipInvalid { throw ImportRejected(rows: bad) }
        let toLoad = good
        try await client.longTransaction(logger: logger) { tx in
            var highestID: Int64 = 0
            let before = try await tx.run("SELECT coalesce(max(id), 0) FROM listings", logger: logger)
            for try await id in before.decode(Int64.self) { highestID = id }
            try await tx.copyFrom(table: "listings", columns: Self.copyColumns, logger: logger) { writer in
                var buffer = ByteBuffer()
                for (index, (listing, refs)) in toLoad.enumerated() {
                    CopyText.appendRow(ListingColumns(listing, refs).copyFields + [status.rawValue], to: &buffer)
                    if buffer.readableBytes > 256 * 1024 {
                        try await writer.write(buffer)
                        buffer.clear()
                        progress?(index + 1)
                    }
                }
                if buffer.readableBytes > 0 { try await writer.write(buffer) }
                progress?(toLoad.count)
            }
            try await tx.run(
                """
                INSERT INTO listing_status_history (listing_id, from_status, to_status, changed_by, note)
                SELECT id, NULL, status, \(actor), 'imported' FROM listings
                WHERE id > \(highestID) AND xmin = pg_current_xact_id()::xid
                """, logger: logger)
            try await AuditLog.record(
                "listing.import", target: "listings", actor: actor,
                detail: ["imported": String(toLoad.count), "skipped": String(bad.count)],
                on: tx, logger: logger)
        }
        return ImportReport(imported: toLoad.count, skipped: bad)
    }

    package static let copyColumns = ListingColumns.names.map(\.description) + ["status"]
}

/// PostgreSQL's COPY text format: tab-separated, `\N` for NULL, backslash escapes.
package enum CopyText {
    package static func appendRow(_ values: [String?], to buffer: inout ByteBuffer) {
        for (index, value) in values.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard let value else { buffer.writeStaticString("\\N"); continue }
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// An array literal `{"a","b"}` with each element quoted.
    package static func array(_ values: [String]) -> String {
        "{"
            + values.map {
                "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            }
            .joined(separator: ",") + "}"
    }
}
