public import Foundation

/// Small real files for media tests, made on the spot: pictures by libvips (`vips`), a JPEG with an EXIF block
/// (orientation and a GPS position) written byte by byte, a PDF, and a PNG whose header declares 50,000 × 50,000
/// pixels (a decompression bomb of 100 bytes).
public enum MediaFixtures {
    /// A picture `width` × `height` in `format` (jpg, png, webp, heic), made by `vips`.
    public static func picture(_ format: String, width: Int = 64, height: Int = 32) throws -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fixture-\(UUID().uuidString).\(format)")
        defer { try? FileManager.default.removeItem(at: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/vips")
        process.arguments = ["black", path.path, "\(width)", "\(height)", "--bands", "3"]
        try process.run()
        process.waitUntilExit()
        return try Data(contentsOf: path)
    }

    /// A JPEG `width` × `height` whose EXIF says `orientation` (6 = turn 90° clockwise to show) and a GPS
    /// latitude of 27°51′ N — what a phone writes.
    public static func phoneJPEG(width: Int = 64, height: Int = 32, orientation: UInt16 = 6) throws -> Data {
        let plain = try picture("jpg", width: width, height: height)
        var tiff: [UInt8] = Array("II".utf8) + le16(42) + le32(8)
        // IFD0 at 8: Orientation, GPS IFD pointer; next IFD 0
        tiff += le16(2)
        tiff += le16(0x0112) + le16(3) + le32(1) + le16(orientation) + le16(0)
        let gpsOffset = 8 + 2 + 2 * 12 + 4
        tiff += le16(0x8825) + le16(4) + le32(1) + le32(UInt32(gpsOffset))
        tiff += le32(0)
        // GPS IFD: LatitudeRef "N", Latitude 27/1 51/1 0/1
        let dataOffset = gpsOffset + 2 + 2 * 12 + 4
        tiff += le16(2)
        tiff += le16(0x0001) + le16(2) + le32(2) + Array("N\0\0\0".utf8)
        tiff += le16(0x0002) + le16(5) + le32(3) + le32(UInt32(dataOffset))
        tiff += le32(0)
        tiff += le32(27) + le32(1) + le32(51) + le32(1) + le32(0) + le32(1)
        let payload = Array("Exif\0\0".utf8) + tiff
        let length = UInt16(payload.count + 2)
        let app1: [UInt8] = [0xFF, 0xE1, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
        // the EXIF block right after the start-of-image marker; vips's own APP0 stays behind it
        return Data([0xFF, 0xD8] + app1 + plain.dropFirst(2))
    }

    /// A one-page PDF.
    public static let pdf = Data(
        """
        %PDF-1.4
        1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
        2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
        3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj
        trailer << /Root 1 0 R >>
        %%EOF
        """.utf8)

    /// A PNG header declaring 50,000 × 50,000 pixels, with almost nothing behind it.
    public static var bombPNG: Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let ihdr: [UInt8] = Array("IHDR".utf8) + be32(50_000) + be32(50_000) + [8, 2, 0, 0, 0]
        bytes += be32(13) + ihdr + be32(crc32(ihdr))
        let idat: [UInt8] = Array("IDAT".utf8) + [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]
        bytes += be32(8) + idat + be32(crc32(idat))
        bytes += be32(0) + Array("IEND".utf8) + be32(crc32(Array("IEND".utf8)))
        return Data(bytes)
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
    private static func be32(_ v: UInt32) -> [UInt8] { (0..<4).reversed().map { UInt8((v >> (8 * $0)) & 0xFF) } }

    private static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
