import ArgumentParser
import Foundation
import ParkDeskCore
import ParkDeskStore

struct LeadAssign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Give a lead to an agent token (招商专员), or to nobody with --none.",
        discussion: "Example:\n  parkdesk lead assign LD-2026-000001 --to zhang.wei")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's reference.") var ref: String
    @Option(help: "The agent token's name.") var to: String?
    @Flag(help: "Unassign the lead.") var none = false

    func run() async throws {
        guard (to == nil) != !none else { throw CLIError("give either --to NAME or --none") }
        let lead = try await global.withDatabase { [ref, to] database in
            try await database.leads.assign(ref: try LeadArgument.ref(ref), to: to, actor: CLIContext.actor)
        }
        CLIContext.print("\(lead.ref) → \(lead.assignee ?? "无人 nobody")")
    }
}

struct LeadStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Move a lead along the pipeline (legal moves only).",
        discussion: """
            new → contacted → qualified → visiting (考察) → negotiating (洽谈) → signed (签约) → landed (落地);
            lost (流失) and junk (无效) need --reason.
            Example:
              parkdesk lead status LD-2026-000001 考察 --reason "11月30日到九华看厂房"
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's reference.") var ref: String
    @Argument(help: "The new status, key or Chinese label.") var status: String
    @Option(help: "Why (required for lost and junk).") var reason: String?

    func run() async throws {
        let target = try ListingFiles.parse(status, "status", LeadStatus.self)
        let lead = try await global.withDatabase { [ref, reason] database in
            try await database.leads
                .changeStatus(ref: try LeadArgument.ref(ref), to: target, reason: reason, actor: CLIContext.actor)
        }
        CLIContext.print("\(lead.ref) is now \(lead.status.label) (\(lead.status.rawValue))")
    }
}

struct LeadNoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a follow-up note to a lead.",
        discussion: "Example:\n  parkdesk lead note LD-2026-000001 \"已电话联系，要求行车20吨\"")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's reference.") var ref: String
    @Argument(help: "The note.") var text: String

    func run() async throws {
        let lead = try await global.withDatabase { [ref, text] database in
            try await database.leads.addNote(ref: try LeadArgument.ref(ref), body: text, actor: CLIContext.actor)
        }
        CLIContext.print("noted on \(lead.ref)")
    }
}

struct LeadMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the second lead into the first (same investor); inquiries and notes move over.",
        discussion: "Example:\n  parkdesk lead merge LD-2026-000001 LD-2026-000042")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead to keep.") var keep: String
    @Argument(help: "The lead to merge into it.") var other: String

    func run() async throws {
        let lead = try await global.withDatabase { [keep, other] database in
            try await database.leads
                .merge(keep: try LeadArgument.ref(keep), absorb: try LeadArgument.ref(other), actor: CLIContext.actor)
        }
        CLIContext.print("merged \(other.uppercased()) into \(lead.ref) (\(lead.inquiryCount) inquiries)")
    }
}

struct LeadMatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match", abstract: "Active listings that fit the lead's need, best first, with the reasons.",
        discussion: "Example:\n  parkdesk lead match LD-2026-000001 --limit 5")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The lead's reference.") var ref: String
    @Option(help: "How many (default 10).") var limit: Int = 10

    func run() async throws {
        guard (1...100).contains(limit) else { throw CLIError("--limit must be between 1 and 100") }
        let matches = try await global.withDatabase { [ref, limit] database in
            try await database.leads.matches(ref: try LeadArgument.ref(ref), limit: limit)
        }
        CLIContext.print(LeadText.matches(matches))
    }
}
