import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Runs the real `parkdesk serve` binary with its own local cluster, as a person would.
@Suite struct ServeProcessTests {
    static let binary = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/parkdesk").path

    func status(_ url: String) async -> Int? {
        guard let url = URL(string: url),
            let (_, response) = try? await URLSession.shared.data(from: url)
        else { return nil }
        return (response as? HTTPURLResponse)?.statusCode
    }

    func postgresProcesses(using dataDirectory: String) -> Int {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { pid in
            guard Int(pid) != nil,
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { return false }
            let text = String(decoding: cmdline, as: UTF8.self)
            return text.contains("postgres") && text.contains(dataDirectory)
        }.count
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func serveBecomesReadyAndSIGTERMLeavesNoPostgresBehind() async throws {
        let dataDirectory = NSTemporaryDirectory() + "parkdesk-serve-\(UUID().uuidString.prefix(8))/pgdata"
        let port = Int.random(in: 20_000..<40_000)
        for run in 1...2 {  // the second run reuses the data folder
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["serve", "--port", String(port), "--log-level", "error"]
            var environment = ProcessInfo.processInfo.environment
            environment["PARKDESK_DATA_DIR"] = dataDirectory
            environment["DATABASE_URL"] = nil
            process.environment = environment
            try process.run()
            var ready = false
            for _ in 0..<120 where !ready {
                ready = await status("http://127.0.0.1:\(port)/readyz") == 200
                if !ready { try await Task.sleep(for: .milliseconds(250)) }
            }
            #expect(ready, "run \(run): /readyz did not answer 200")
            #expect(await status("http://127.0.0.1:\(port)/healthz") == 200)
            #expect(await status("http://127.0.0.1:\(port)/metrics") == 200, "a local client reads /metrics")
            process.terminate()  // SIGTERM
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            for _ in 0..<20 where postgresProcesses(using: dataDirectory) > 0 {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(postgresProcesses(using: dataDirectory) == 0, "run \(run): postgres left running")
        }
        try? FileManager.default.removeItem(atPath: (dataDirectory as NSString).deletingLastPathComponent)
    }
}
