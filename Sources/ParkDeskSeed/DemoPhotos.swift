import Foundation
import ParkDeskCore
import ParkDeskMedia

/// Pictures for the demo listings, drawn on the spot with libvips (no downloads): a workshop seen from its yard
/// (sky, ground, a steel-clad hall, its roof band, windows and a roller door) and seen from inside (floor,
/// columns, the yellow girder of an overhead crane). Each listing's pictures differ a little by its number.
enum DemoPhotos {
    typealias Rect = (ink: String, left: Int, top: Int, width: Int, height: Int)

    static func exterior(_ n: Int) throws -> Data {
        let hall = (140 + n * 17 % 60, 300 - n * 7 % 40)
        var rects: [Rect] = [
            ("196 218 240", 0, 0, 1280, 700), ("132 128 120", 0, 700, 1280, 500),
            ("214 216 214", hall.0, hall.1, 1300 - hall.0, 430),
            ("62 96 150", hall.0 - 20, hall.1 - 50, 1340 - hall.0, 60),
            ("88 92 96", hall.0 + 480, hall.1 + 170, 260, 260), ("150 154 156", hall.0 + 490, hall.1 + 180, 240, 250),
        ]
        for window in 0..<6 { rects.append(("70 110 150", hall.0 + 40 + window * 180, hall.1 + 60, 120, 60)) }
        return try draw(width: 1280, height: 960, rects)
    }

    static func interior(_ n: Int) throws -> Data {
        var rects: [Rect] = [("178 180 178", 0, 0, 1280, 960), ("120 124 122", 0, 760, 1280, 440)]
        for column in 0..<5 { rects.append(("96 104 112", 80 + column * 360, 120, 60, 640)) }
        rects.append(("226 180 40", 0, 200 + n * 11 % 60, 1280, 50))  // the crane girder (行车)
        rects.append(("40 40 40", 700, 250 + n * 11 % 60, 120, 80))
        return try draw(width: 1280, height: 960, rects)
    }

    /// Paints `rects` on a blank picture (a PPM made here, in memory) and returns it as a JPEG (one `vips` run).
    static func draw(width: Int, height: Int, _ rects: [Rect]) throws -> Data {
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for r in rects {
            let ink = r.ink.split(separator: " ").compactMap { UInt8($0) }
            let (x0, x1) = (max(0, r.left), min(width, r.left + r.width))
            let (y0, y1) = (max(0, r.top), min(height, r.top + r.height))
            guard ink.count == 3, x0 < x1, y0 < y1 else { continue }  // a rectangle outside the picture
            for y in y0..<y1 {
                for x in x0..<x1 {
                    let at = (y * width + x) * 3
                    (pixels[at], pixels[at + 1], pixels[at + 2]) = (ink[0], ink[1], ink[2])
                }
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("demo-photo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let canvas = folder.appendingPathComponent("canvas.ppm")
        try (Data("P6\n\(width) \(height)\n255\n".utf8) + Data(pixels)).write(to: canvas)
        let photo = folder.appendingPathComponent("photo.jpg").path
        try vips(["copy", canvas.path, photo + "[Q=85]"])
        return try Data(contentsOf: URL(fileURLWithPath: photo))
    }

    private static func vips(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/vips")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MediaRejected("vips \(arguments.first ?? "") failed") }
    }
}
