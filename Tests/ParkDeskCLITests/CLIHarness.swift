import ArgumentParser
import Foundation
import PostgresNIO
import ParkDeskCLI
import ParkDeskStore
import ParkDeskTestSupport

/// Runs `parkdesk` commands in-process against one test database, as staff would type them.
struct CLIHarness {
    let url: String
    /// More environment for this harness's commands.
    var extra: [String: String] = [:]
    /// This test's own media folder.
    let mediaDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")

    static func make(_ prefix: String) async throws -> CLIHarness {
        CLIHarness(url: try await TestDatabase.shared.freshURL(prefix))
    }

    var environment: [String: String] {
        ["DATABASE_URL": url, "PARKDESK_ACTOR": "tester", "PARKDESK_MEDIA_DIR": mediaDirectory.path].merging(extra) {
            $1
        }
    }

    /// The command's output; throws what the command throws (its message is what staff would see).
    @discardableResult
    func run(_ arguments: String...) async throws -> String {
        try await run(arguments)
    }

    /// The command's output when the person answers its questions with `answers`.
    @discardableResult
    func run(_ arguments: [String], answering answers: [String] = []) async throws -> String {
        let output = OutputBuffer()
        try await CLIContext.$environment.withValue(environment) {
            try await CLIContext.$output.withValue(output) {
                try await CLIContext.$answers.withValue(Answers(answers)) {
                    var command = try ParkDeskCommand.parseAsRoot(arguments)
                    if var asyncCommand = command as? any AsyncParsableCommand {
                        try await asyncCommand.run()
                    } else {
                        try command.run()
                    }
                }
            }
        }
        return output.contents
    }

    /// The one-line message staff see for a failed command.
    /// `listing add` of a 100 m² factory for rent in 雨湖区 at a negotiable price; returns its ref.
    func addFactory(title: String) async throws -> String {
        let out = try await run(
            "listing", "add", "--kind", "factory", "--deal", "rent", "--title", title, "--district", "雨湖区",
            "--building-area", "100", "--price", "面议")
        return String(out.split(separator: " ")[1])
    }

    func failure(_ arguments: String...) async -> String? {
        await failure(arguments)
    }

    func failure(_ arguments: [String]) async -> String? {
        do {
            try await run(arguments)
            return nil
        } catch {
            return ParkDeskCommand.errorMessage(for: error)
        }
    }

    func json(_ arguments: String...) async throws -> [String: Any] {
        let text = try await run(arguments)
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// Runs a fixed SQL statement of the test's own (to age rows, or to bypass the app's validation).
    func execute(_ sql: String) async throws {
        let configuration = try DatabaseAddress(url: url).configuration
        _ = try await withClient(configuration) { client in
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }

    func count(_ table: String) async throws -> Int {
        let configuration = try DatabaseAddress(url: url).configuration
        return try await withClient(configuration) { client in
            let rows = try await client.query("SELECT count(*) FROM \(unescaped: table)")
            for try await n in rows.decode(Int.self) { return n }
            return -1
        }
    }

    /// The first column of a fixed query of the test's own, as text.
    func column(_ sql: String) async throws -> [String] {
        let configuration = try DatabaseAddress(url: url).configuration
        return try await withClient(configuration) { client in
            var values: [String] = []
            for try await value in try await client.query(PostgresQuery(unsafeSQL: sql)).decode(String.self) {
                values.append(value)
            }
            return values
        }
    }
}
