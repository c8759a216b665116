import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskMedia
import ParkDeskStore

/// `parkdesk listing media …`: a listing's stored photos, floor plans and certificate scans.
struct ListingMediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media",
        abstract: "Upload, list, order and remove a listing's photos, floor plans and certificates.",
        discussion: """
            Files are JPEG, PNG, WebP, HEIC/HEIF or PDF (certificates), decided from their bytes. Pictures are
            turned upright by their EXIF orientation, stripped of every metadata (GPS included) and made into web
            sizes of 480 and 1280 px; originals stay for staff. Positions count from 1; 1 is the cover photo.
            Examples:
              parkdesk listing media add XT-2026-000001 车间.jpg 航拍.heic --caption 车间内景
              parkdesk listing media add XT-2026-000001 土地证.pdf --kind certificate
              parkdesk listing media move XT-2026-000001 3 1
            """,
        subcommands: [MediaAdd.self, MediaList.self, MediaRemove.self, MediaMove.self])
}

/// The media library of the configured folder (`PARKDESK_MEDIA_DIR`) over `database`.
func mediaLibrary(_ database: Database) throws -> MediaLibrary {
    let environment = CLIContext.environment
    return MediaLibrary(
        database: database, storage: LocalMediaStorage(root: MediaLibrary.directory(environment: environment)),
        limits: try MediaLimits(environment: environment))
}

struct MediaAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Upload files to a listing, in order.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The listing's reference.") var ref: String
    @Argument(help: "Files to upload.") var files: [String]
    @Option(help: "photo (default), floor-plan or certificate (a PDF is a certificate).") var kind: String?
    @Option(help: "Caption shown with each file.") var caption: String = ""
    @Option(help: "Refuse unless the listing is still at this version.") var expectVersion: Int?

    func run() async throws {
        let kind = try kind.map { try ListingFiles.parse($0, "--kind", MediaKind.self) }
        let contents = try files.map { path in
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
            return (path, data)
        }
        let (ref, caption, expected) = (ref, caption, expectVersion)
        try await global.withDatabase { database in
            let library = try mediaLibrary(database)
            var version = expected
            for (path, data) in contents {
                do {
                    let added = try await library.add(
                        data, kind: kind, caption: caption, toListing: ref, expectedVersion: version,
                        actor: CLIContext.actor)
                    version = version.map { _ in added.version }
                    let size = added.file.width.map { " \($0)×\(added.file.height ?? 0)" } ?? ""
                    CLIContext.print(
                        "added \(path) (\(added.file.format.rawValue)\(size)) as \(added.file.sha256.prefix(12))")
                } catch let rejected as MediaRejected {
                    throw CLIError("\(path): \(rejected.description)")
                }
            }
        }
    }
}

struct MediaList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "A listing's media in order.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The listing's reference.") var ref: String

    func run() async throws {
        let listing = try await global.withDatabase { [ref] database in try await database.listings.find(ref: ref) }
        var lines = ["位置\t类型\t文件或链接\t尺寸\t说明"]
        for (index, item) in listing.fields.media.enumerated() {
            let source = item.file.map { "\($0.prefix(12))… (\(item.stored?.format.rawValue ?? ""))" } ?? item.url
            let size = item.stored?.width.map { "\($0)×\(item.stored?.height ?? 0)" } ?? ""
            lines.append("\(index + 1)\t\(item.kind.label)\t\(source)\t\(size)\t\(item.caption)")
        }
        lines.append("共 \(listing.fields.media.count) 项 item(s), version \(listing.version)")
        CLIContext.print(lines.joined(separator: "\n"))
    }
}

struct MediaRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove one item (its file goes at the next `media gc` when unused).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The listing's reference.") var ref: String
    @Argument(help: "Position, from 1.") var position: Int
    @Option(help: "Refuse unless the listing is still at this version.") var expectVersion: Int?

    func run() async throws {
        let version = try await global.withDatabase { [ref, position, expectVersion] database in
            try await database.media.remove(
                position: position - 1, fromListing: ref, expectedVersion: expectVersion, actor: CLIContext.actor)
        }
        CLIContext.print("removed item \(position) of \(ref.uppercased()), now version \(version)")
    }
}

struct MediaMove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move", abstract: "Move an item to another position (1 is the cover photo).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The listing's reference.") var ref: String
    @Argument(help: "Its position now, from 1.") var from: Int
    @Argument(help: "Its new position.") var to: Int
    @Option(help: "Refuse unless the listing is still at this version.") var expectVersion: Int?

    func run() async throws {
        let version = try await global.withDatabase { [ref, from, to, expectVersion] database in
            try await database.media.move(
                from: from - 1, to: to - 1, inListing: ref, expectedVersion: expectVersion, actor: CLIContext.actor)
        }
        CLIContext.print("moved item \(from) to \(to) in \(ref.uppercased()), now version \(version)")
    }
}

/// `parkdesk media gc`: removes stored files no listing shows.
struct MediaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "media", abstract: "Stored media files across listings.", subcommands: [MediaCollect.self])
}

struct MediaCollect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete stored files no listing shows, and files a failed upload left, older than the grace time.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Leave files younger than this many minutes (an upload may be in progress; default 60).")
    var graceMinutes: Int = 60

    func run() async throws {
        guard graceMinutes >= 0 else { throw CLIError("--grace-minutes must not be negative") }
        let grace = Duration.seconds(graceMinutes * 60)
        let result = try await global.withDatabase { database in
            try await mediaLibrary(database).garbageCollect(grace: grace)
        }
        CLIContext.print("removed \(result.files) unused file(s), \(result.bytes / 1024) KiB of originals")
    }
}
