/// The file types ParkDesk stores, decided from a file's first bytes — never from its name or the Content-Type a
/// client claims: a renamed `.exe` or an HTML page called `photo.jpg` is none of them.
public enum MediaFormat: String, Sendable, Codable, CaseIterable {
    case jpeg, png, webp, heic, pdf

    /// The format the bytes begin like, or `nil`.
    public static func detect(_ head: some Collection<UInt8>) -> MediaFormat? {
        let b = Array(head.prefix(16))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            b.count >= offset + magic.count && Array(b[offset..<(offset + magic.count)]) == magic
        }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        // ISO base media: a "ftyp" box whose major brand is one of HEIF's (phones write heic or mif1)
        if starts(Array("ftyp".utf8), at: 4), b.count >= 12 {
            let brand = String(decoding: b[8..<12], as: UTF8.self)
            if ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].contains(brand) { return .heic }
        }
        return nil
    }

    public var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .webp: "image/webp"
        case .heic: "image/heic"
        case .pdf: "application/pdf"
        }
    }

    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }

    /// Pictures get web sizes; PDFs (certificates) are kept as they are, for staff.
    public var isImage: Bool { self != .pdf }

    /// What `listing media add` and the upload endpoint accept, for error messages.
    public static let accepted = "JPEG, PNG, WebP, HEIC/HEIF or PDF"
}

/// A web size made from a stored picture: its name (its width bound, "1280"), its pixels and bytes.
public struct MediaSize: Sendable, Codable, Hashable {
    public var name: String
    public var width: Int
    public var height: Int
    public var bytes: Int

    public init(name: String, width: Int, height: Int, bytes: Int) {
        (self.name, self.width, self.height, self.bytes) = (name, width, height, bytes)
    }

    /// `/media/<sha256>-1280.jpg`: public, immutable.
    public static func path(sha256: String, name: String) -> String { "/media/\(sha256)-\(name).jpg" }

    /// A cover photo's link: a stored picture (named by its SHA-256) is shown at its smallest web size; a linked
    /// one by its url.
    public static func cover(_ fileOrURL: String) -> String {
        guard StoredFile.isWellFormed(fileOrURL), let smallest = StoredFile.sizeWidths.first else { return fileOrURL }
        return path(sha256: fileOrURL, name: String(smallest))
    }
}

/// A file ParkDesk stores, as its row says.
public struct StoredFile: Sendable, Hashable {
    public var sha256: String
    public var format: MediaFormat
    public var bytes: Int
    public var width, height: Int?
    /// Web sizes, smallest first (none for PDFs).
    public var sizes: [MediaSize]

    public init(sha256: String, format: MediaFormat, bytes: Int, width: Int?, height: Int?, sizes: [MediaSize]) {
        (self.sha256, self.format, self.bytes, self.width, self.height, self.sizes) =
            (sha256, format, bytes, width, height, sizes)
    }

    /// Web sizes are named by the widths they are made at (never wider than the original).
    public static let sizeWidths = [480, 1280]

    public static func isWellFormed(_ sha256: String) -> Bool {
        sha256.utf8.count == 64 && sha256.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
