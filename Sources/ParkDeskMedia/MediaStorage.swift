public import Foundation

/// Where stored media files live, by name (`<sha256>-original.jpg`, `<sha256>-1280.jpg`). Names are content
/// addresses, so a file once written never changes. Local disk today; an S3-compatible store would be a second
/// implementation.
public protocol MediaStorage: Sendable {
    /// Moves a finished file in under `name` (replacing nothing: a name already there holds the same bytes).
    func store(_ file: URL, as name: String) throws
    /// The file's local path when it exists.
    func path(of name: String) -> URL?
    func delete(_ name: String) throws
    /// Every stored name with the time it was written.
    func list() throws -> [(name: String, written: Date)]
}

/// Files under one folder, spread over 256 subfolders by the first two hex digits of the hash.
public struct LocalMediaStorage: MediaStorage {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    func location(_ name: String) -> URL {
        root.appendingPathComponent(String(name.prefix(2))).appendingPathComponent(name)
    }

    public func store(_ file: URL, as name: String) throws {
        let target = location(name)
        try FileManager.default.createDirectory(
            at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: file)
            return
        }
        // rename within one file system is atomic: a reader sees the whole file or none
        if rename(file.path, target.path) != 0 {
            try FileManager.default.copyItem(at: file, to: target)
            try? FileManager.default.removeItem(at: file)
        }
    }

    public func path(of name: String) -> URL? {
        let target = location(name)
        return FileManager.default.fileExists(atPath: target.path) ? target : nil
    }

    public func delete(_ name: String) throws {
        let target = location(name)
        if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
    }

    public func list() throws -> [(name: String, written: Date)] {
        guard let folders = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return [] }
        var result: [(name: String, written: Date)] = []
        for folder in folders where folder.count == 2 {
            let directory = root.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                let attributes = try? FileManager.default.attributesOfItem(
                    atPath: directory.appendingPathComponent(name).path)
                result.append((name, attributes?[.modificationDate] as? Date ?? .distantPast))
            }
        }
        return result
    }
}
