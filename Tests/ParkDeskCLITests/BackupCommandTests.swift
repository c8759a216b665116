import Foundation
import ParkDeskStore
import ParkDeskTestSupport
import PostgresNIO
import Testing

/// `parkdesk backup` while leads keep arriving, `parkdesk restore` into fresh databases, and every table compared
/// row for row; damaged and foreign files are refused in one line.
@Suite struct BackupCommandTests {
    /// Every table of the public schema: its rows as md5 of their text, and how many.
    static func rows(_ url: String) async throws -> [String: [String: Int]] {
        try await withClient(try DatabaseAddress(url: url).configuration) { client in
            var tables: [String] = []
            for try await name in try await client.query(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).decode(String.self) {
                tables.append(name)
            }
            var result: [String: [String: Int]] = [:]
            for table in tables {
                var counts: [String: Int] = [:]
                let query = PostgresQuery(unsafeSQL: "SELECT md5(t::text) FROM \(table) t")  // names from pg_tables
                for try await hash in try await client.query(query).decode(String.self) {
                    counts[hash, default: 0] += 1
                }
                result[table] = counts
            }
            return result
        }
    }

    static func isSubset(_ small: [String: Int], of large: [String: Int]) -> Bool {
        small.allSatisfy { large[$0.key, default: 0] >= $0.value }
    }

    @Test func aBackupTakenUnderWritesRestoresRowForRowWithItsMedia() async throws {
        let source = try await CLIHarness.make("backupsrc")
        try await source.run("seed", "--demo")
        try await source.run(
            "lead", "add", "--contact", "王经理😀", "--mobile", "13812345678", "--company", "湘潭𠀋机械", "--kinds", "厂房",
            "--need", "要单层厂房🏭，带行车")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let underWrites = folder.appendingPathComponent("under-writes.tar").path

        // leads keep arriving (new mobiles: inserts only) while the backup runs
        let writing = Task {
            var (n, stored) = (0, 0)
            while !Task.isCancelled {
                n += 1
                // the one that the cancellation interrupts fails; every other one is stored
                if (try? await source.execute(
                    """
                    SELECT * FROM capture_lead(jsonb_build_object('mobile', '1590000' || lpad('\(n)', 4, '0'),
                        'contact_name', '并发客户\(n)', 'source', 'web', 'created_by', 'web'),
                        jsonb_build_object('receipt', gen_random_uuid(), 'source', 'web', 'entered_by', 'web'), 30)
                    """)) != nil
                {
                    stored += 1
                }
            }
            return stored
        }
        try await Task.sleep(for: .milliseconds(200))
        let written = try await source.run("backup", "--out", underWrites)
        writing.cancel()
        let captured = await writing.value
        let migrations = try Migrator(logger: TestDatabase.logger).migrations().count
        #expect(written.hasPrefix("backup written: \(underWrites) (\(migrations) migrations, "))
        #expect(captured > 0)

        let restored = CLIHarness(
            url: try await TestDatabase.shared.emptyURL("restore1"), extra: [:])
        let said = try await restored.run("restore", underWrites)
        #expect(said.hasPrefix("restored \(underWrites): made "))
        // what was restored is a snapshot of the source: every row of every table is one of the source's
        let (before, after) = (try await Self.rows(source.url), try await Self.rows(restored.url))
        #expect(Set(after.keys) == Set(before.keys))
        for (table, rows) in after {
            #expect(Self.isSubset(rows, of: before[table] ?? [:]), "\(table) has rows the source never had")
        }
        #expect(after["listings"] == before["listings"])  // nothing wrote listings meanwhile
        // the media folder came along, byte for byte
        let media = try FileManager.default.subpathsOfDirectory(atPath: source.mediaDirectory.path).sorted()
        #expect(!media.isEmpty)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: restored.mediaDirectory.path).sorted() == media)
        for path in media {
            let original = source.mediaDirectory.appendingPathComponent(path).path
            guard
                !(try FileManager.default.attributesOfItem(atPath: original)[.type] as? FileAttributeType
                    == .typeDirectory)
            else { continue }
            #expect(
                FileManager.default.contents(atPath: original)
                    == FileManager.default.contents(atPath: restored.mediaDirectory.appendingPathComponent(path).path))
        }

        // once writes stop, a backup restores to an exact copy: counts and checksums of every table
        let quiet = folder.appendingPathComponent("quiet.tar").path
        try await source.run("backup", "--out", quiet)
        let copy = CLIHarness(url: try await TestDatabase.shared.emptyURL("restore2"), extra: [:])
        try await copy.run("restore", quiet)
        #expect(try await Self.rows(copy.url) == (try await Self.rows(source.url)))
        #expect(
            try await copy.column("SELECT contact_name || company FROM leads WHERE mobile = '13812345678'")
                == ["王经理😀湘潭𠀋机械"])

        // a database with tables is refused unless told
        #expect(
            await copy.failure("restore", quiet)?.hasPrefix("the database is not empty (") == true)
        try await copy.run("restore", quiet, "--replace")
        #expect(try await Self.rows(copy.url) == (try await Self.rows(source.url)))
    }

    @Test func damagedAndForeignFilesAreRefusedInOneLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try await CLIHarness.make("backupbad")
        let good = folder.appendingPathComponent("good.tar").path
        try await source.run("backup", "--out", good)
        let bytes = try #require(FileManager.default.contents(atPath: good))
        let truncated = folder.appendingPathComponent("truncated.tar").path
        FileManager.default.createFile(atPath: truncated, contents: bytes.prefix(bytes.count / 2))
        let foreign = folder.appendingPathComponent("photo.tar").path
        FileManager.default.createFile(atPath: foreign, contents: Data("not a backup at all\n".utf8))
        let otherTar = folder.appendingPathComponent("other.tar").path
        let note = folder.appendingPathComponent("note.txt")
        try Data("hello".utf8).write(to: note)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["--create", "--file", otherTar, "-C", folder.path, "note.txt"]
        try tar.run()
        tar.waitUntilExit()

        // the tar intact, bytes inside its database dump changed (pg_restore said "out of memory")
        var flipped = bytes
        let name = Data("database.dump".utf8)
        let header = try #require(flipped.range(of: name)).lowerBound
        let sizeField = String(decoding: flipped[(header + 124)..<(header + 135)], as: UTF8.self)
        let size = try #require(Int(sizeField.trimmingCharacters(in: .whitespaces.union(.controlCharacters)), radix: 8))
        for offset in 0..<64 { flipped[header + 512 + size / 2 + offset] ^= 0xA5 }
        let corrupt = folder.appendingPathComponent("corrupt.tar").path
        FileManager.default.createFile(atPath: corrupt, contents: flipped)

        let target = CLIHarness(url: try await TestDatabase.shared.emptyURL("restorebad"), extra: [:])
        #expect(
            await target.failure("restore", corrupt)
                == "\(corrupt) is damaged: its database dump is not what was written (checksum differs)")
        #expect(await target.failure("restore", truncated)?.contains("is damaged") == true)
        #expect(await target.failure("restore", foreign)?.contains("is damaged or not a ParkDesk backup") == true)
        #expect(
            await target.failure("restore", otherTar)
                == "\(otherTar) is not a ParkDesk backup (no parkdesk-backup.json and database.dump)")
        #expect(
            await target.failure("restore", folder.appendingPathComponent("none.tar").path)?.hasPrefix("cannot read")
                == true)
        // nothing of a refused file was written
        #expect(try await target.column("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public'") == ["0"])
    }
}
