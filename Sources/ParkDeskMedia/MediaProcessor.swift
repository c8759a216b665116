public import Foundation
import Crypto
import Synchronization
public import ParkDeskCore
import ParkDeskStore

/// Why a file was refused, in words for the person who sent it (English for the API and the CLI, Chinese for the
/// console).
public struct MediaRejected: Error, Sendable, CustomStringConvertible {
    public let description: String
    public let chinese: String

    public init(_ description: String, chinese: String = "文件无法处理，可能已损坏") {
        self.description = description
        self.chinese = chinese
    }
}

/// The limits on what is accepted (configurable: `PARKDESK_MEDIA_MAX_MB`, `PARKDESK_MEDIA_MAX_PIXELS`,
/// `PARKDESK_MEDIA_PER_LISTING`, `PARKDESK_MEDIA_TIMEOUT_MS`).
public struct MediaLimits: Sendable {
    public var maxBytes = 20 * 1024 * 1024
    /// A 48-megapixel phone photo is 8064 × 6048; a "decompression bomb" declares billions.
    public var maxPixels = 120_000_000
    public var perListing = 30
    /// Longest one upload may take, its wait for a turn at libvips included: a burst of large photos on a small
    /// machine takes far longer than a database request may.
    public var uploadTimeoutMs = 60_000

    public init() {}

    /// The limits set by `PARKDESK_MEDIA_*`; a bad value is a `ConfigurationError` naming the variable.
    public init(environment: [String: String]) throws {
        self.init()
        let env = SettingsReader(environment: environment)
        maxBytes = try env.integer("PARKDESK_MEDIA_MAX_MB", 1...1024).map { $0 * 1024 * 1024 } ?? maxBytes
        try env.integer("PARKDESK_MEDIA_MAX_PIXELS", 1...1_000_000_000, into: &maxPixels)
        try env.integer("PARKDESK_MEDIA_PER_LISTING", 1...100, into: &perListing)
        try env.integer("PARKDESK_MEDIA_TIMEOUT_MS", 1000...3_600_000, into: &uploadTimeoutMs)
    }
}

/// Turns an uploaded file into stored files: decides its type from its bytes, checks the limits (the pixel count
/// from the header alone, before anything is decoded), and for pictures makes the web sizes with libvips
/// (`vipsthumbnail`: rotated by EXIF orientation, converted to sRGB, saved as JPEG with every metadata stripped —
/// the photographer's GPS position included; libvips 8.14's WebP writer keeps EXIF whatever `strip` says). The
/// original is kept as sent, for staff. libvips runs as a separate process on its own thread, never on the
/// server's event loop, and at most `concurrency` at once, so a burst of uploads waits instead of exhausting
/// memory.
public struct MediaProcessor: Sendable {
    public let storage: any MediaStorage
    public let limits: MediaLimits
    private let gate: ProcessGate

    public init(storage: any MediaStorage, limits: MediaLimits = MediaLimits(), concurrency: Int = 2) {
        (self.storage, self.limits, gate) = (storage, limits, ProcessGate(limit: max(1, concurrency)))
    }

    /// The stored file for `data`; files already stored (the same bytes) are not made again.
    public func process(_ data: Data) async throws -> StoredFile {
        guard !data.isEmpty else { throw MediaRejected("the file is empty", chinese: "文件是空的") }
        guard data.count <= limits.maxBytes else {
            throw MediaRejected(
                "the file is \(data.count / 1024 / 1024) MiB; at most \(limits.maxBytes / 1024 / 1024) MiB",
                chinese: "文件太大（\(data.count / 1024 / 1024) MB），每个最多 \(limits.maxBytes / 1024 / 1024) MB")
        }
        guard let format = MediaFormat.detect(data.prefix(16)) else {
            throw MediaRejected(
                "not a \(MediaFormat.accepted) file (decided from its contents, not its name)",
                chinese: "不是图片（JPEG、PNG、WebP、HEIC）或 PDF（按文件内容判断）")
        }
        let sha256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("parkdesk-media-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let original = work.appendingPathComponent("original.\(format.fileExtension)")
        try data.write(to: original)
        var stored = StoredFile(sha256: sha256, format: format, bytes: data.count, width: nil, height: nil, sizes: [])
        if format.isImage {
            let made = try await gate.run { try self.makeSizes(original, into: work) }
            (stored.width, stored.height, stored.sizes) = (made.width, made.height, made.sizes)
        }
        for size in stored.sizes {
            try storage.store(work.appendingPathComponent("\(size.name).jpg"), as: "\(sha256)-\(size.name).jpg")
        }
        try storage.store(original, as: Self.originalName(sha256, format))
        return stored
    }

    public static func originalName(_ sha256: String, _ format: MediaFormat) -> String {
        "\(sha256)-original.\(format.fileExtension)"
    }

    private func makeSizes(_ original: URL, into work: URL) throws -> (width: Int, height: Int, sizes: [MediaSize]) {
        // one read of the header: nothing is decoded before the pixel count is known
        let header = Self.fields(try Self.vips("vipsheader", ["-a", original.path], "read"))
        guard let w = header["width"].flatMap(Int.init), let h = header["height"].flatMap(Int.init), w > 0, h > 0
        else { throw MediaRejected("the picture's size cannot be read", chinese: "读不出图片尺寸，可能已损坏") }
        guard w.multipliedReportingOverflow(by: h).partialValue <= limits.maxPixels, w < 100_000, h < 100_000 else {
            throw MediaRejected(
                "the picture is \(w) × \(h) pixels; at most \(limits.maxPixels / 1_000_000) megapixels",
                chinese: "图片像素太多（\(w) × \(h)），最多 \(limits.maxPixels / 1_000_000) 百万像素")
        }
        let turned = (5...8).contains(header["orientation"].flatMap(Int.init) ?? 1)
        let outputs = StoredFile.sizeWidths.map { work.appendingPathComponent("\($0).jpg") }
        for (width, out) in zip(StoredFile.sizeWidths, outputs) {
            _ = try Self.vips(
                "vipsthumbnail",
                [
                    original.path, "--size", "\(width)x>", "--export-profile", "srgb", "-o",
                    out.path + "[Q=82,strip,optimize_coding]",
                ], "resize")
        }
        // "…/480.jpg: 480x360 uchar, 3 bands, srgb, jpegload", one line a file
        let lines = try Self.vips("vipsheader", outputs.map(\.path), "read").split(separator: "\n")
        var sizes: [MediaSize] = []
        for (width, (out, line)) in zip(StoredFile.sizeWidths, zip(outputs, lines)) {
            let dims = line.split(separator: " ").dropFirst().first?.split(separator: "x").compactMap { Int($0) } ?? []
            let bytes = (try? FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int) ?? 0
            guard dims.count == 2 else { throw MediaRejected("the picture could not be resized") }
            sizes.append(MediaSize(name: String(width), width: dims[0], height: dims[1], bytes: bytes))
        }
        return (turned ? h : w, turned ? w : h, sizes)
    }

    /// `name: value` lines of `vipsheader -a`.
    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Runs a libvips tool; a failure is the file's fault (it does not decode), said in words.
    static func vips(_ tool: String, _ arguments: [String], _ what: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
        process.arguments = arguments
        process.environment = ["VIPS_CONCURRENCY": "1", "PATH": "/usr/bin:/bin"]
        let output = Pipe()
        // no other child of ours may inherit the pipe (a PostgreSQL started meanwhile would hold it open for good,
        // and the read below would never end); the tool's own stdout is a copy, which exec keeps
        for handle in [output.fileHandleForReading, output.fileHandleForWriting] {
            _ = fcntl(handle.fileDescriptor, F_SETFD, FD_CLOEXEC)
        }
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw MediaRejected("libvips is not installed (apt-get install libvips-tools): \(error)")
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw MediaRejected("the picture cannot be \(what) (\(text.split(separator: "\n").first ?? "damaged"))")
        }
        return text
    }
}

/// At most `limit` blocking jobs at once, each on a thread of its own (not the cooperative pool); the rest wait.
/// A job whose caller is cancelled while it waits for its turn is not run.
final class ProcessGate: Sendable {
    private let semaphore: DispatchSemaphore

    init(limit: Int) {
        semaphore = DispatchSemaphore(value: limit)
    }

    func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        let cancelled = Flag()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { [semaphore] in
                    semaphore.wait()
                    defer { semaphore.signal() }
                    if cancelled.raised.load(ordering: .relaxed) {
                        return continuation.resume(throwing: CancellationError())
                    }
                    continuation.resume(with: Result { try job() })
                }
            }
        } onCancel: {
            cancelled.raised.store(true, ordering: .relaxed)
        }
    }
}

/// A flag one task raises and a thread reads.
private final class Flag: Sendable {
    let raised = Atomic(false)
}
