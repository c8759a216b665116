import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

/// `parkdesk listing read-query`: what the search box makes of a text, as the website and the API read it.
struct ListingReadQuery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read-query",
        abstract: "Show what a search text is read as: its filters, the words of each, and the keywords left.",
        discussion: """
            Examples:
              parkdesk listing read-query "雨湖 厂房 20吨行车"
              parkdesk listing read-query "湘潭 仓库" --times 100000    # also the time one reading takes
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The search text.") var text: String
    @Option(help: "Read the text this many times and print the time per reading (one core).") var times: Int?

    func run() async throws {
        let parser = try await global.withDatabase { database in try await database.places.textParser() }
        let reading = parser.search(text)
        var lines = reading.filters.map { filter in
            let parameters = filter.parameters.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
            return "\(filter.label)  [\(filter.key)]  ← “\(filter.words.map(\.text).joined(separator: "…"))”"
                + (parameters.isEmpty ? "" : "  (\(parameters))")
        }
        if reading.filters.isEmpty { lines.append("（没有识别出条件 no filter read）") }
        if !reading.keywords.isEmpty { lines.append("关键词 keywords: " + reading.keywords.joined(separator: " ")) }
        CLIContext.print(lines.joined(separator: "\n"))
        guard let times else { return }
        guard (1...10_000_000).contains(times) else { throw CLIError("--times: from 1 to 10000000") }
        var filters = 0
        let elapsed = ContinuousClock().measure {
            for _ in 0..<times { filters &+= parser.search(text).filters.count }
        }
        let seconds = Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds)
        let micros = seconds * 1e6 / Double(times)
        CLIContext.print(String(format: "%.2f µs per reading (%d readings, %d filters)", micros, times, filters))
    }
}
