import Foundation
import HTTPTypes
import Hummingbird
import ParkDeskCore
import ParkDeskHTTP
import ParkDeskMedia
import ParkDeskStore

/// A listing's photos, floor plans and certificates in the console: upload one or many (each file on its own: one
/// refused does not stop the others), reorder, set the cover, caption, mark as plan or certificate, remove. The
/// uploads go through `MediaLibrary`, as the API's do; certificates are shown to staff only (`mediaOriginal`).
extension StaffConsole {
    /// Uploads the posted files. The script sends one file a request and reads the JSON answer; a plain form sends
    /// several and gets the listing page back with what was stored and what was refused.
    func uploadMedia(
        _ visit: Visit, ref: String, _ form: FormFields, files: [MultipartForm.File], wantsJSON: Bool
    ) async throws -> Response {
        let listing = try await listingInReach(ref, visit)
        let kind = form["kind"].flatMap(MediaKind.init(rawValue:))
        var stored = 0
        var refused: [String] = []
        for file in files {
            do {
                _ = try await media.add(
                    file.data, kind: kind, caption: form.typed("caption"), toListing: listing.ref, expectedVersion: nil,
                    actor: visit.actor)
                stored += 1
            } catch let rejected as MediaRejected {
                refused.append(Self.named(file) + "：" + rejected.chinese)
            } catch let failure as ValidationFailed {
                refused.append(
                    Self.named(file) + "：" + ConsoleMessages.listingLine(failure))
            }
        }
        if files.isEmpty { refused.append("请先选择照片或文件。") }
        if wantsJSON {
            let ok = refused.isEmpty
            let body = try JSONSerialization.data(
                withJSONObject: ok ? ["stored": stored] : ["error": refused.joined(separator: "\n")])
            return Response(
                status: ok ? .created : .unprocessableContent,
                headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        let message =
            (stored > 0 ? "已上传 \(stored) 个文件。" : "") + (refused.isEmpty ? "" : "未上传：" + refused.joined(separator: "；"))
        return try await listingPage(
            visit, try await database.listings.find(ref: listing.ref), message: message,
            status: refused.isEmpty ? .ok : .unprocessableContent)
    }

    static func named(_ file: MultipartForm.File) -> String {
        file.fileName.isEmpty ? "文件" : "“\(file.fileName)”"
    }

    /// Moves, covers, captions, relabels or removes one item, under the listing's version.
    func changeMedia(_ visit: Visit, ref: String, _ form: FormFields) async throws -> Response {
        let listing = try await listingInReach(ref, visit)
        guard let position = form["position"].flatMap(Int.init), listing.fields.media.indices.contains(position)
        else {
            return try await listingPage(visit, listing, message: "该照片已不存在，请刷新页面。", status: .unprocessableContent)
        }
        let version = form["version"].flatMap(Int.init)
        let store = media.store
        let (ref, actor, count) = (listing.ref, visit.actor, listing.fields.media.count)
        do {
            switch form["action"] ?? "" {
            case "up", "down", "cover", "move":
                let target =
                    switch form["action"] {
                    case "up": position - 1
                    case "down": position + 1
                    case "cover": 0
                    default: form["to"].flatMap(Int.init) ?? position
                    }
                let to = min(max(0, target), count - 1)
                if to != position {
                    try await store.move(from: position, to: to, inListing: ref, expectedVersion: version, actor: actor)
                }
            case "remove":
                try await store.remove(position: position, fromListing: ref, expectedVersion: version, actor: actor)
            case "label":
                try await store.relabel(
                    position: position, kind: form["kind"].flatMap(MediaKind.init(rawValue:)) ?? .photo,
                    caption: form.typed("caption"), inListing: ref, expectedVersion: version, actor: actor)
            default:
                return try await listingPage(visit, listing, message: "未知操作。", status: .badRequest)
            }
        } catch is VersionConflict {
            return try await listingPage(
                visit, try await database.listings.find(ref: ref), message: "照片刚被别人改过，以下是最新顺序，请再操作一次。",
                status: .conflict)
        } catch let failure as ValidationFailed {
            return try await listingPage(
                visit, listing, message: ConsoleMessages.listingLine(failure),
                status: .unprocessableContent)
        }
        return Self.redirect(to: Self.root + "/listings/" + ref + "#photos")
    }

    /// A stored original (a certificate scan, a PDF, a photo as uploaded) or a web size of it (`<sha256>-480.jpg`),
    /// for staff who may read listings.
    func mediaOriginal(name: String) async throws -> Response {
        let found: (path: URL, type: String)? =
            if let size = media.publicFile(named: name) {
                (size, "image/jpeg")
            } else {
                try await media.original(name).map { ($0.path, $0.file.format.mimeType) }
            }
        guard let found, let data = FileManager.default.contents(atPath: found.path.path) else {
            throw NotFound("file", name)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: found.type, .cacheControl: "private, max-age=3600",
                .contentDisposition: "inline", .init("X-Content-Type-Options")!: "nosniff",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// One photo, plan or document of a listing as its page shows it.
struct MediaView: Sendable {
    typealias Choice = ListingFormView.Choice
    let position: Int
    let number: Int
    let thumb: String?
    let href: String
    let caption, kind: String
    let isCover, first, last, isPublic: Bool
    let kinds: [Choice]

    init(_ item: MediaItem, position: Int, count: Int) {
        self.position = position
        number = position + 1
        let picture = item.stored?.format.isImage ?? true
        // a certificate's picture through the staff's door: never a public address
        let sizes = item.isPublic ? "/media/" : StaffConsole.root + "/media/"
        thumb = item.file.map { picture ? sizes + $0 + "-480.jpg" : nil } ?? (item.kind == .video ? nil : item.url)
        href = item.file.map { StaffConsole.root + "/media/" + $0 } ?? item.url
        caption = item.caption
        kind = item.kind.label
        isCover = position == 0 && item.isPublic && picture
        first = position == 0
        last = position == count - 1
        isPublic = item.isPublic
        kinds = (picture ? [MediaKind.photo, .floorPlan, .certificate] : [.certificate]).map {
            Choice(value: $0.rawValue, label: $0.label, selected: $0 == item.kind)
        }
    }
}
